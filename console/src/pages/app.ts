// One app of the catalog: whether it can be connected now, what a user types for it, and for an OAuth app the
// workspace's client: the exact redirect URI to register at the provider, and (admins) setting or removing the
// client id and secret (the secret is sealed by the server and never shown again).
import { ApiError, del, describeError, get, put } from '../api.js'
import { confirmDialog } from '../dialog.js'
import { facts, h, notice, table } from '../dom.js'
import { absolute } from '../format.js'
import type { PageContext, Rendered } from '../router.js'
import type { AppDetailView, OAuthClientView } from '../types.js'
import { field } from './shared.js'

async function currentClient(app: string): Promise<OAuthClientView | null> {
  try {
    return await get<OAuthClientView>(`/v1/apps/${app}/oauth-client`)
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) return null
    throw error
  }
}

function clientForm(context: PageContext, app: AppDetailView, client: OAuthClientView | null) {
  const status = notice()
  const clientId = h('input', {
    name: 'clientId',
    required: true,
    autocomplete: 'off',
    spellcheck: 'false',
  })
  clientId.value = client?.clientId ?? ''
  const clientSecret = h('input', {
    type: 'password',
    name: 'clientSecret',
    required: true,
    autocomplete: 'new-password',
  })
  const scopes = h('input', { name: 'scopes', autocomplete: 'off', spellcheck: 'false' })
  scopes.value = (client?.scopes ?? app.scopes).join(' ')
  const remove = client
    ? h(
        'button',
        {
          type: 'button',
          class: 'button danger',
          onclick: async () => {
            const sure = await confirmDialog({
              title: `Remove the ${app.name} OAuth client?`,
              body: 'New connections to this app stop working until a client is set again; existing credentials keep their tokens but cannot refresh them.',
              confirm: 'Remove client',
            })
            if (!sure) return
            try {
              await del(`/v1/apps/${app.app}/oauth-client`)
              context.refresh()
            } catch (error) {
              status.say(describeError(error), 'error')
            }
          },
        },
        'Remove client…',
      )
    : null
  return h(
    'form',
    {
      class: 'stack',
      'aria-labelledby': 'client-form-title',
      onsubmit: async (event: Event) => {
        event.preventDefault()
        try {
          await put(`/v1/apps/${app.app}/oauth-client`, {
            clientId: clientId.value.trim(),
            clientSecret: clientSecret.value,
            scopes: scopes.value.split(/\s+/).filter(Boolean),
          })
          clientSecret.value = ''
          context.refresh()
        } catch (error) {
          status.say(describeError(error), 'error')
        }
      },
    },
    h('h3', { id: 'client-form-title' }, client ? 'Replace the client' : 'Set the client'),
    field('Client ID', clientId),
    field('Client secret', clientSecret, 'sealed by Keyport; never shown again'),
    field('Scopes', scopes, 'space-separated; the catalog’s defaults are filled in'),
    h(
      'div',
      { class: 'button-row' },
      h('button', { type: 'submit', class: 'button' }, 'Save client'),
      remove,
    ),
    status.element,
  )
}

export async function renderApp(context: PageContext): Promise<Rendered> {
  const id = encodeURIComponent(context.params.app!)
  const app = await get<AppDetailView>(`/v1/apps/${id}`)
  const client = app.isOauth ? await currentClient(id) : null
  const usable = !app.isOauth || app.oauthClientConfigured
  const redirectURI = client?.redirectUri ?? `${location.origin}/oauth/callback/${app.app}`
  return {
    title: app.name,
    body: [
      h('p', { class: 'crumbs' }, h('a', { href: '/console/apps' }, 'Apps')),
      h(
        'h1',
        null,
        app.name,
        ' ',
        h(
          'span',
          { class: `badge badge-${usable ? 'active' : 'pending'}` },
          usable ? 'usable now' : 'needs an OAuth client',
        ),
      ),
      facts([
        ['App id', h('code', null, app.app)],
        ['Authentication', app.isOauth ? 'OAuth' : app.authType.replace(/_/g, ' ')],
        ['Checked on connect', app.verifiable ? 'yes' : 'no'],
        [
          'Provider docs',
          h('a', { href: app.docsUrl, rel: 'noreferrer', target: '_blank' }, app.docsUrl),
        ],
      ]),
      app.isOauth
        ? h(
            'section',
            { 'aria-labelledby': 'client-title' },
            h('h2', { id: 'client-title' }, 'OAuth client'),
            h('p', null, 'Register this redirect URI with the provider, exactly as written:'),
            h('p', null, h('code', { class: 'break' }, redirectURI)),
            client
              ? facts([
                  ['Client ID', h('code', { class: 'break' }, client.clientId)],
                  ['Scopes', client.scopes.join(' ') || '—'],
                  ['Set', absolute(client.updatedAt)],
                ])
              : h('p', null, 'No client is set for this workspace yet.'),
            context.isAdmin
              ? clientForm(context, app, client)
              : h('p', { class: 'hint' }, 'Setting the client needs the admin role.'),
          )
        : null,
      app.fields.length
        ? h(
            'section',
            { 'aria-labelledby': 'fields-title' },
            h('h2', { id: 'fields-title' }, 'What a user enters'),
            table(
              `Fields of ${app.name}`,
              ['Field', 'Required', 'Secret', 'Description'],
              app.fields.map((f) => [
                f.displayName,
                f.required ? 'yes' : 'no',
                f.secret ? 'yes' : 'no',
                f.description ?? '—',
              ]),
            ),
          )
        : null,
    ],
  }
}
