import type { FastifyInstance, FastifyRequest } from 'fastify'
import { AppError } from '../errors.js'
import type { Authenticate } from './api-key-auth.js'
import type { Actor } from '../credentials/index.js'
import type { WindowCounter } from '../ratelimit/index.js'
import { enforceRateLimit } from './rate-limit.js'

declare module 'fastify' {
  interface FastifyRequest {
    workspaceId: string
  }
}

/**
 * Every /v1 route needs `Authorization: Bearer kp_…`; the workspace it resolves to scopes every query, and its
 * request budget (`limit`) is counted once the key is known.
 */
export function installApiKeyAuth(
  app: FastifyInstance,
  authenticate: Authenticate,
  limit: WindowCounter,
): void {
  app.decorateRequest('workspaceId', '')
  app.addHook('onRequest', async (request, reply) => {
    if (!request.url.startsWith('/v1/')) return
    const header = request.headers.authorization
    const match = header?.match(/^Bearer\s+(\S+)\s*$/i)
    const workspaceId = match ? await authenticate(match[1]!) : null
    if (!workspaceId) {
      throw new AppError('unauthorized', 'Send a valid API key as Authorization: Bearer kp_…')
    }
    request.workspaceId = workspaceId
    enforceRateLimit(reply, limit, workspaceId)
  })
}

export function actorOf(request: FastifyRequest): Actor {
  return { workspaceId: request.workspaceId, actor: 'api_key', requestId: request.id }
}
