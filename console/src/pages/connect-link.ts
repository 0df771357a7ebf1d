// "Send reconnect link": mints a hosted connect link (POST /v1/users/{id}/connect-link, audited) and shows it to copy
// into an email. The link carries a connect token in its fragment: shown here, once, never stored by the console.
import { describeError, post } from '../api.js'
import { h, notice } from '../dom.js'
import { absolute } from '../format.js'

export function connectLinkAction(options: {
  userId: string
  credentialId?: string
  label: string
  onDone?: () => void
}): HTMLElement {
  const status = notice()
  const output = h('div', { class: 'link-output' })
  const button = h(
    'button',
    {
      type: 'button',
      class: 'button',
      onclick: async () => {
        button.disabled = true
        try {
          const link = await post<{ url: string; expiresAt: string }>(
            `/v1/users/${encodeURIComponent(options.userId)}/connect-link`,
            options.credentialId ? { credentialId: options.credentialId } : {},
          )
          const input = h('input', {
            id: `link-${options.userId}`,
            readonly: true,
            value: link.url,
            class: 'secret-once',
            spellcheck: 'false',
          })
          output.replaceChildren(
            h(
              'label',
              { for: input.id },
              'Link to send (valid until ',
              absolute(link.expiresAt),
              ')',
            ),
            h(
              'div',
              { class: 'copy-row' },
              input,
              h(
                'button',
                {
                  type: 'button',
                  class: 'button quiet',
                  onclick: async () => {
                    await navigator.clipboard?.writeText(link.url).catch(() => input.select())
                    status.say('Copied.')
                  },
                },
                'Copy',
              ),
            ),
          )
          status.say('Link created. Send it to the user; it works once.')
          options.onDone?.()
        } catch (error) {
          status.say(describeError(error), 'error')
        } finally {
          button.disabled = false
        }
      },
    },
    options.label,
  )
  return h('div', { class: 'action' }, button, status.element, output)
}
