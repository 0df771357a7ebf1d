import type { FastifyInstance, FastifyRequest } from 'fastify'
import { AppError } from '../errors.js'
import type { Authenticate } from './api-key-auth.js'
import type { Actor } from '../credentials/index.js'
import type { WindowCounter } from '../ratelimit/index.js'
import { enforceRateLimit } from './rate-limit.js'

declare module 'fastify' {
  interface FastifyRequest {
    /** The workspace the API key resolved to. Reading it on a request that was not authenticated throws. */
    readonly workspaceId: string
  }
}

// Kept off the request object, so nothing but the authentication hook below can set it.
const authenticated = new WeakMap<FastifyRequest, string>()

/**
 * Declares `request.workspaceId` on `root` (so every route sees the same property) with no default value: a route
 * that reads it outside an authenticated context fails loudly instead of querying the workspace `''`.
 */
export function declareWorkspaceId(root: FastifyInstance): void {
  root.decorateRequest('workspaceId', {
    getter(this: FastifyRequest): string {
      const workspaceId = authenticated.get(this)
      if (workspaceId === undefined)
        throw new Error('request.workspaceId read on a route outside the /v1 context')
      return workspaceId
    },
  })
}

/**
 * Every route of `scope` (an encapsulated context: the hook does not leak to its parent) needs
 * `Authorization: Bearer kp_…`, however its URL was spelled; the workspace it resolves to scopes every query, and
 * its request budget (`limit`) is counted once the key is known.
 */
export function requireApiKey(
  scope: FastifyInstance,
  authenticate: Authenticate,
  limit: WindowCounter,
): void {
  scope.addHook('onRequest', async (request, reply) => {
    // Every answer of the API is one workspace's data, and some carry a secret (a webhook secret, a credential's
    // secret, a minted token): no cache may keep any of them.
    reply.header('cache-control', 'no-store')
    const workspaceId = await apiKeyWorkspace(authenticate, request.headers.authorization)
    if (!workspaceId) {
      throw new AppError('unauthorized', 'Send a valid API key as Authorization: Bearer kp_…')
    }
    authenticated.set(request, workspaceId)
    enforceRateLimit(reply, limit, workspaceId)
  })
}

/** RFC 7235 §2.1: the scheme name is case-insensitive. */
export function bearerToken(header: string | undefined): string | null {
  const match = header?.match(/^bearer\s+(\S+)\s*$/i)
  return match ? match[1]! : null
}

async function apiKeyWorkspace(
  authenticate: Authenticate,
  header: string | undefined,
): Promise<string | null> {
  const token = bearerToken(header)
  return token ? authenticate(token) : null
}

export function actorOf(request: FastifyRequest): Actor {
  return { workspaceId: request.workspaceId, actor: 'api_key', requestId: request.id }
}
