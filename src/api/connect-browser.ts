// The browser-facing pages: the embed script, the modal page, the OAuth start/callback pair and the demo.
// The OAuth pair runs in the provider popup, a top-level window: /oauth/start binds the flow to this browser with
// an HttpOnly SameSite=Lax cookie, and /oauth/callback/{app} only accepts a response carrying that cookie.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import {
  beginAuthorization,
  completeOAuthFlow,
  mintConnectToken,
  OAuthFlowError,
  type OAuthFlowFailure,
} from '../credentials/index.js'
import {
  ASSETS,
  buildEmbedScripts,
  renderCallbackPage,
  renderDemoPage,
  renderModalPage,
  negotiateLocale,
  type Locale,
} from '../modal/index.js'
import { demoUser } from '../users/index.js'
import { modalFrameAncestors } from '../workspaces/index.js'
import type { ConnectDeps } from './connect.js'
import { modalRoute } from './connect-schemas.js'
import type { ApiDeps } from './deps.js'
import { sendError } from './errors.js'

const FLOW_COOKIE_MAX_AGE = 600
const WORKSPACE_ID = /^ws_[0-9a-z]{26}$/

function cookieName(secure: boolean): string {
  return secure ? '__Host-kp_oauth' : 'kp_oauth'
}

function readCookie(request: FastifyRequest, name: string): string | null {
  for (const part of (request.headers.cookie ?? '').split(';')) {
    const index = part.indexOf('=')
    if (index > 0 && part.slice(0, index).trim() === name) return part.slice(index + 1).trim()
  }
  return null
}

async function embeddedFrameAncestors(deps: ApiDeps, workspace: unknown): Promise<string> {
  if (workspace === undefined) return '*'
  if (typeof workspace !== 'string' || !WORKSPACE_ID.test(workspace)) return "'none'"
  return modalFrameAncestors(deps.db, workspace)
}

/**
 * Refuses what a browser marks as cross-origin: Sec-Fetch-Site other than same-origin, or an Origin other than
 * Keyport's. A request with neither header comes from no browser (curl, a test), so no other site can have sent it
 * (the rule of Go's http.CrossOriginProtection).
 */
function sameOriginRequest(request: FastifyRequest, publicOrigin: string): boolean {
  const site = request.headers['sec-fetch-site']
  const origin = request.headers.origin
  if (site !== undefined && site !== 'same-origin') return false
  return origin === undefined || origin === publicOrigin
}

/** The popup's language: the browser's (the provider's page in between knows nothing of the platform's choice). */
function browserLocale(request: FastifyRequest): Locale {
  return negotiateLocale(null, request.headers['accept-language'])
}

/** `?locale=` (from connect({ locale }) or a hosted link) wins over the browser's languages. */
function modalPageOptions(request: FastifyRequest): { embed: boolean; locale: Locale } {
  const query = request.query as Record<string, unknown>
  const requested = typeof query.locale === 'string' ? query.locale : null
  return {
    embed: 'embed' in query,
    locale: negotiateLocale(requested, request.headers['accept-language']),
  }
}

function html(
  reply: FastifyReply,
  body: string,
  options: {
    /** The modal page: the CSP frame-ancestors value it is served with. Other pages are never framed. */
    modalFrameAncestors?: string
    status?: number
    framesModal?: boolean
  },
): FastifyReply {
  return (
    reply
      .code(options.status ?? 200)
      .type('text/html; charset=utf-8')
      .header('cache-control', 'no-store')
      // same-origin, not no-referrer: with no-referrer, Chrome sends `Origin: null` on the modal's POST to
      // /oauth/start, which checks Origin. Nothing is sent to other origins either way.
      .header(
        'referrer-policy',
        options.modalFrameAncestors !== undefined || options.framesModal
          ? 'same-origin'
          : 'no-referrer',
      )
      .header('x-content-type-options', 'nosniff')
      .header(
        'content-security-policy',
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' https: data:; connect-src 'self'; " +
          `base-uri 'none'; frame-ancestors ${options.modalFrameAncestors ?? "'none'"}` +
          (options.framesModal ? "; frame-src 'self'" : ''),
      )
      .send(body)
  )
}

function asset(reply: FastifyReply, type: string, body: string): FastifyReply {
  return reply
    .type(type)
    .header('cache-control', 'public, max-age=300')
    .header('x-content-type-options', 'nosniff')
    .send(body)
}

export function connectBrowserRoutes(scope: FastifyInstance, deps: ApiDeps & ConnectDeps): void {
  const secure = deps.publicURL.startsWith('https:')
  const cookie = cookieName(secure)
  const publicOrigin = new URL(deps.publicURL).origin
  const scripts = buildEmbedScripts(deps.publicURL)
  // The one form this scope accepts: the modal's POST to /oauth/start.
  scope.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string', bodyLimit: 4096 },
    (_request, body, done) => {
      done(null, Object.fromEntries(new URLSearchParams(body as string)))
    },
  )

  scope.get('/sdk/keyport.js', { schema: { hide: true } }, async (_request, reply) =>
    asset(reply, 'text/javascript; charset=utf-8', scripts.classic).header(
      'access-control-allow-origin',
      '*',
    ),
  )
  scope.get('/sdk/keyport.mjs', { schema: { hide: true } }, async (_request, reply) =>
    asset(reply, 'text/javascript; charset=utf-8', scripts.module).header(
      'access-control-allow-origin',
      '*',
    ),
  )
  // The hosted page (/connect#token=…) is never framed. The embedded one (/connect?embed=1&workspace=ws_…, as the
  // embed script opens it) may be framed by the origins the named workspace allows, and its API calls refuse a
  // token of any other workspace (connect.ts): a page framed by origin X only ever serves tokens of a workspace
  // that allows X. Without a workspace (a token minted before tokens named theirs) any origin may frame it, and
  // only tokens of workspaces that set no list are accepted there.
  scope.get('/connect', { schema: { hide: true } }, async (request, reply) => {
    const options = modalPageOptions(request)
    const workspace = (request.query as Record<string, unknown>).workspace
    return html(reply, renderModalPage(options), {
      modalFrameAncestors: options.embed ? await embeddedFrameAncestors(deps, workspace) : "'none'",
    })
  })
  scope.get('/connect/modal.js', { schema: { hide: true } }, async (_r, reply) =>
    asset(reply, 'text/javascript; charset=utf-8', ASSETS['modal.js']),
  )
  scope.get('/connect/modal.css', { schema: { hide: true } }, async (_r, reply) =>
    asset(reply, 'text/css; charset=utf-8', ASSETS['modal.css']),
  )
  scope.get('/oauth/callback.js', { schema: { hide: true } }, async (_r, reply) =>
    asset(reply, 'text/javascript; charset=utf-8', ASSETS['callback.js']),
  )

  const failurePage = (reply: FastifyReply, reason: OAuthFlowFailure, request: FastifyRequest) =>
    html(reply, renderCallbackPage({ ok: false, reason }, browserLocale(request)), {
      status: 400,
    })

  scope.post('/oauth/start', { schema: { hide: true } }, async (request, reply) => {
    // Only the modal (Keyport's own origin) may start a provider redirect: a form on another site must not bind
    // its flow to this browser (login CSRF).
    if (request.headers.origin !== publicOrigin) return failurePage(reply, 'unknown_state', request)
    const state = (request.body as Record<string, string> | undefined)?.state
    if (typeof state !== 'string' || state.length > 100)
      return failurePage(reply, 'missing_state', request)
    try {
      const begun = await beginAuthorization(deps, {
        state,
        browserSecret: readCookie(request, cookie),
      })
      const attributes = [
        `Max-Age=${FLOW_COOKIE_MAX_AGE}`,
        secure ? 'Path=/' : 'Path=/oauth',
        'HttpOnly',
        'SameSite=Lax',
        ...(secure ? ['Secure'] : []),
      ]
      return reply
        .code(303)
        .header('set-cookie', `${cookie}=${begun.browserSecret}; ${attributes.join('; ')}`)
        .header('referrer-policy', 'no-referrer')
        .header('cache-control', 'no-store')
        .header('location', begun.authorizationURL)
        .send()
    } catch (error) {
      if (error instanceof OAuthFlowError) return failurePage(reply, error.reason, request)
      throw error
    }
  })

  scope.get<{ Params: { app: string } }>(
    '/oauth/callback/:app',
    { schema: { hide: true } },
    async (request, reply) => {
      const params = new URLSearchParams(request.url.split('?')[1] ?? '')
      try {
        await completeOAuthFlow(deps, {
          app: request.params.app,
          params,
          browserSecret: readCookie(request, cookie),
          requestId: request.id,
        })
        return html(reply, renderCallbackPage({ ok: true }, browserLocale(request)), {})
      } catch (error) {
        if (!(error instanceof OAuthFlowError)) throw error
        // The reason, never the provider's text or a token, goes to the log.
        request.log.warn(
          {
            reason: error.reason,
            app: request.params.app,
            upstream: (error.cause as Error | undefined)?.name,
          },
          'oauth callback refused',
        )
        return failurePage(reply, error.reason, request)
      }
    },
  )

  if (!deps.demo) return
  scope.get('/demo', { schema: { hide: true } }, async (_r, reply) =>
    html(reply, renderDemoPage(), { framesModal: true }),
  )
  scope.get('/demo/demo.js', { schema: { hide: true } }, async (_r, reply) =>
    asset(reply, 'text/javascript; charset=utf-8', ASSETS['demo.js']),
  )
  scope.withTypeProvider<TypeBoxTypeProvider>().route({
    ...modalRoute('createDemoToken'),
    handler: async (request, reply) => {
      // Only the demo page itself may mint a token: another site's form or fetch must not get one (CSRF).
      if (!sameOriginRequest(request, publicOrigin))
        return sendError(reply, request, 'forbidden', 'Cross-origin requests are refused.')
      const demo = await demoUser(deps)
      if (!demo)
        return sendError(
          reply,
          request,
          'not_found',
          'No "default" workspace: start Keyport once with npm start.',
        )
      const minted = await mintConnectToken(deps, demo.workspaceId, { userId: demo.userId })
      return reply.header('cache-control', 'no-store').send({ ...minted, userId: demo.userId })
    },
  })
}
