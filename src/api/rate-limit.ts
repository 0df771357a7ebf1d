import type { FastifyReply } from 'fastify'
import { AppError } from '../errors.js'
import type { WindowCounter } from '../ratelimit/index.js'

/**
 * Counts the request against `key`'s budget (synchronous: no await on the request path). Over the limit it throws
 * a 429 `rate_limited` with `Retry-After` in whole seconds, which the error handler renders.
 */
export function enforceRateLimit(reply: FastifyReply, counter: WindowCounter, key: string): void {
  const retryAfter = counter.take(key)
  if (retryAfter === 0) return
  reply.header('retry-after', String(retryAfter))
  throw new AppError(
    'rate_limited',
    `Too many requests: the limit is ${counter.limit} a second. Retry after ${retryAfter} s.`,
  )
}
