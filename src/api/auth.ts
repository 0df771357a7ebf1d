import type { FastifyInstance, FastifyRequest } from 'fastify'
import { AppError } from '../errors.js'
import type { Actor } from '../credentials/index.js'
import { authenticateSession, type ConsoleSession } from '../console/index.js'
import { consoleRefusal, consoleRuleFor } from './console-access.js'
import { readSessionCookie, requireConsoleCSRF } from './console-cookie.js'
import type { ApiDeps } from './deps.js'
import { enforceRateLimit } from './rate-limit.js'

declare module 'fastify' {
  interface FastifyRequest {
    /** The workspace the API key or console session resolved to. Reading it unauthenticated throws. */
    readonly workspaceId: string
  }
}

/** Who is calling /v1: an API key, or a person through a console session. */
interface Principal {
  workspaceId: string
  /** The audit actor: `api_key` or `console:cu_…`. */
  actor: string
  session: ConsoleSession | null
}

// Kept off the request object, so nothing but the authentication hook below can set it.
const authenticated = new WeakMap<FastifyRequest, Principal>()

/**
 * Declares `request.workspaceId` on `root` (so every route sees the same property) with no default value: a route
 * that reads it outside an authenticated context fails loudly instead of querying the workspace `''`.
 */
export function declareWorkspaceId(root: FastifyInstance): void {
  root.decorateRequest('workspaceId', {
    getter(this: FastifyRequest): string {
      const principal = authenticated.get(this)
      if (principal === undefined)
        throw new Error('request.workspaceId read on a route outside the /v1 context')
      return principal.workspaceId
    },
  })
}

/**
 * Every route of `scope` (an encapsulated context: the hook does not leak to its parent) needs
 * `Authorization: Bearer kp_…` or, without an Authorization header, the console's session cookie, however its
 * URL was spelled. A session passes only what CONSOLE_ROUTES grants its role, and an unsafe request of a session
 * needs the console's origin and CSRF token. The workspace either resolves to scopes every query; its request
 * budget is counted once it is known. A console user's successful changes are audited when the response is sent.
 */
export function authenticateV1(scope: FastifyInstance, deps: ApiDeps): void {
  scope.addHook('onRequest', async (request, reply) => {
    // Every answer of the API is one workspace's data, and some carry a secret (a webhook secret, a credential's
    // secret, a minted token): no cache may keep any of them.
    reply.header('cache-control', 'no-store')
    const principal = await principalOf(deps, request)
    if (!principal) {
      throw new AppError(
        'unauthorized',
        'Send a valid API key as Authorization: Bearer kp_… (or sign in to the console).',
      )
    }
    if (principal.session) refuseOutsideConsoleRights(deps, request, principal)
    authenticated.set(request, principal)
    enforceRateLimit(reply, deps.rateLimits.workspace, principal.workspaceId)
  })
  scope.addHook('onResponse', async (request, reply) => {
    const principal = authenticated.get(request)
    if (!principal?.session || reply.statusCode >= 400) return
    const rule = consoleRuleFor(request.method, request.routeOptions.url)
    if (rule.audit) recordConsoleAction(deps, request, principal, rule.audit, reply.statusCode)
  })
}

async function principalOf(deps: ApiDeps, request: FastifyRequest): Promise<Principal | null> {
  const header = request.headers.authorization
  // An Authorization header decides alone: a bad key is a 401 even when a session cookie rides along.
  if (header !== undefined) {
    const token = bearerToken(header)
    const workspaceId = token ? await deps.authenticate(token) : null
    return workspaceId ? { workspaceId, actor: 'api_key', session: null } : null
  }
  const cookie = readSessionCookie(request.headers.cookie)
  const session = cookie ? await authenticateSession(deps, cookie) : null
  return session ? { workspaceId: session.workspaceId, actor: session.actor, session } : null
}

/** CSRF first (is this the console page asking?), then the route table (may this role do it?). */
function refuseOutsideConsoleRights(
  deps: ApiDeps,
  request: FastifyRequest,
  principal: Principal,
): void {
  const session = principal.session!
  const rule = consoleRuleFor(request.method, request.routeOptions.url)
  try {
    requireConsoleCSRF(request, deps.publicURL, session.csrfToken)
    const refusal = consoleRefusal(rule, session.role)
    if (refusal === 'not_allowed_for_console')
      throw new AppError(
        refusal,
        'The console never reads secrets, mints tokens or proxies calls: use an API key.',
      )
    if (refusal === 'forbidden_for_role')
      throw new AppError(refusal, `A ${session.role} console user may not do this.`)
  } catch (error) {
    if (error instanceof AppError)
      recordConsoleAction(deps, request, principal, 'console.refused', error.statusCode, error.code)
    throw error
  }
}

function recordConsoleAction(
  deps: ApiDeps,
  request: FastifyRequest,
  principal: Principal,
  action: string,
  status: number,
  code?: string,
): void {
  const params = (request.params ?? {}) as Record<string, string | undefined>
  const body = (request.body ?? {}) as Record<string, unknown>
  const bodyCredentialId = typeof body.credentialId === 'string' ? body.credentialId : undefined
  const route = request.routeOptions.url ?? request.url.split('?')[0]!
  deps.activity.record({
    workspaceId: principal.workspaceId,
    actor: principal.actor,
    action,
    target:
      params.credentialId ??
      bodyCredentialId ??
      params.webhookId ??
      params.consoleUserId ??
      params.userId ??
      params.app ??
      params.prefix ??
      route,
    userId: params.userId ?? null,
    requestId: request.id,
    detail: { method: request.method, route, status, ...(code ? { code } : {}) },
  })
}

/** RFC 7235 §2.1: the scheme name is case-insensitive. */
export function bearerToken(header: string | undefined): string | null {
  const match = header?.match(/^bearer\s+(\S+)\s*$/i)
  return match ? match[1]! : null
}

export function actorOf(request: FastifyRequest): Actor {
  const principal = authenticated.get(request)
  if (principal === undefined) throw new Error('actorOf on a request outside the /v1 context')
  return { workspaceId: principal.workspaceId, actor: principal.actor, requestId: request.id }
}

/** The console session behind a /v1 request, or null for an API key. */
export function consoleSessionOf(request: FastifyRequest): ConsoleSession | null {
  return authenticated.get(request)?.session ?? null
}
