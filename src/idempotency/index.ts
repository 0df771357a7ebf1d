// Idempotent creates: the first answer to an Idempotency-Key is kept for 24 hours and replayed to retries.
// Owns the key's lifecycle and sealing the kept answer. Must not: know HTTP beyond status codes and bodies.
export {
  beginIdempotentRequest,
  finishIdempotentRequest,
  idempotencySweep,
  IDEMPOTENCY_TTL_MS,
  type IdempotencyStart,
  type IdempotencyDeps,
} from './idempotency.js'
