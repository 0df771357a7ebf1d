import type { FastifyInstance, FastifyRequest } from 'fastify'
import { AppError } from '../errors.js'
import {
  beginIdempotentRequest,
  finishIdempotentRequest,
  type IdempotencyDeps,
} from '../idempotency/index.js'

const claims = new WeakMap<FastifyRequest, { id: string; createdAt: string }>()
/** What Stripe and the IETF draft allow: a client-chosen opaque string; we bound it and keep it printable. */
const KEY = /^[\x21-\x7e]{1,255}$/

/** A route creates something when it declares a 201 answer: exactly those honour Idempotency-Key. */
function createsSomething(request: FastifyRequest): boolean {
  const response = (
    request.routeOptions.schema as { response?: Record<string, unknown> } | undefined
  )?.response
  return request.method === 'POST' && response?.[201] !== undefined
}

/**
 * `Idempotency-Key` on every create of `scope` (the authenticated /v1 context): the same key with the same request
 * within 24 hours gets the first answer again (status and body, `Idempotent-Replayed: true`) without the work being
 * done twice; the same key with another request is 422 `idempotency_key_reused`; a duplicate arriving while the
 * first is still being answered is 409 `request_in_progress` with Retry-After.
 */
export function honourIdempotencyKeys(scope: FastifyInstance, deps: IdempotencyDeps): void {
  scope.addHook('preHandler', async (request, reply) => {
    const key = request.headers['idempotency-key']
    if (key === undefined || !createsSomething(request)) return
    if (typeof key !== 'string' || !KEY.test(key))
      throw new AppError(
        'invalid_request',
        'Idempotency-Key must be 1 to 255 printable ASCII characters, sent once.',
      )
    const start = await beginIdempotentRequest(deps, request.workspaceId, key, {
      method: request.method,
      route: request.routeOptions.url ?? '',
      url: request.url,
      body: request.body,
    })
    if (start.kind === 'first') {
      claims.set(request, { id: start.id, createdAt: start.createdAt })
      return
    }
    if (start.kind === 'mismatch')
      throw new AppError(
        'idempotency_key_reused',
        'This Idempotency-Key was used with a different request in the last 24 hours.',
      )
    if (start.kind === 'in_progress') {
      reply.header('retry-after', '1')
      throw new AppError(
        'request_in_progress',
        'A request with this Idempotency-Key is still being answered; send it again in a moment.',
      )
    }
    return reply
      .code(start.statusCode)
      .header('content-type', 'application/json; charset=utf-8')
      .header('idempotent-replayed', 'true')
      .send(start.body)
  })
  scope.addHook('onSend', async (request, reply, payload) => {
    const claim = claims.get(request)
    if (!claim) return payload
    claims.delete(request)
    const body =
      typeof payload === 'string'
        ? payload
        : Buffer.isBuffer(payload)
          ? payload.toString('utf8')
          : ''
    await finishIdempotentRequest(deps, request.workspaceId, claim, {
      statusCode: reply.statusCode,
      body,
    })
    return payload
  })
}
