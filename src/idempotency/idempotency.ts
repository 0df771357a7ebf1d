import { createHash } from 'node:crypto'
import { open, seal, type Keyring, type SealContext } from '../crypto/index.js'
import {
  claimIdempotencyKey,
  completeIdempotencyKey,
  deleteExpiredIdempotencyKeys,
  findIdempotencyKey,
  releaseIdempotencyKey,
  SEALED,
  sealContextOf,
  type DB,
} from '../store/index.js'

export const IDEMPOTENCY_TTL_MS = 24 * 3_600_000
/** A claim older than this whose request never finished (its node died) is taken over by the next try. */
const ABANDONED_MS = 60_000

export interface IdempotencyDeps {
  db: DB
  keyring: Keyring
  now: () => Date
}

export type IdempotencyStart =
  /** A first request: run it, then finish with its answer. */
  | { kind: 'first'; id: string; createdAt: string }
  /** A retry of a request already answered: send this answer again. */
  | { kind: 'replay'; statusCode: number; body: string }
  /** The same key with another request. */
  | { kind: 'mismatch' }
  /** The same request is being answered right now. */
  | { kind: 'in_progress' }

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex')

const context = (workspaceId: string, id: string): SealContext =>
  sealContextOf(SEALED.idempotencyResponse, workspaceId, id)

/**
 * Claims the key for this request, or says what to do instead. The key and the request are stored as hashes only;
 * the request's hash covers method, route and body, so a different body under the same key is told apart.
 */
export async function beginIdempotentRequest(
  deps: IdempotencyDeps,
  workspaceId: string,
  key: string,
  request: { method: string; route: string; url: string; body: unknown },
): Promise<IdempotencyStart> {
  const id = sha256(`${workspaceId}\u0000${key}`)
  const requestHash = sha256(
    `${request.method} ${request.route} ${request.url}\n${JSON.stringify(request.body ?? null)}`,
  )
  for (let attempt = 0; attempt < 3; attempt++) {
    const now = deps.now()
    const createdAt = now.toISOString()
    const claimed = await claimIdempotencyKey(deps.db, {
      id,
      workspaceId,
      requestHash,
      statusCode: null,
      responseSealed: null,
      createdAt,
      expiresAt: new Date(now.getTime() + IDEMPOTENCY_TTL_MS).toISOString(),
    })
    if (claimed) return { kind: 'first', id, createdAt }
    const row = await findIdempotencyKey(deps.db, workspaceId, id)
    if (!row) continue // released between our insert and our read: claim again
    const stale =
      row.expiresAt <= createdAt ||
      (row.statusCode === null && now.getTime() - Date.parse(row.createdAt) > ABANDONED_MS)
    if (stale) {
      await releaseIdempotencyKey(deps.db, id, row.createdAt)
      continue
    }
    if (row.requestHash !== requestHash) return { kind: 'mismatch' }
    if (row.statusCode === null || row.responseSealed === null) return { kind: 'in_progress' }
    return {
      kind: 'replay',
      statusCode: row.statusCode,
      body: open(deps.keyring, row.responseSealed, context(workspaceId, id)),
    }
  }
  return { kind: 'in_progress' }
}

/**
 * Keeps the first answer (sealed: it may carry a token shown once), unless our side failed (5xx) or the request
 * was refused for rate (429): then the key is released and a retry runs the request afresh.
 */
export async function finishIdempotentRequest(
  deps: IdempotencyDeps,
  workspaceId: string,
  claim: { id: string; createdAt: string },
  answer: { statusCode: number; body: string },
): Promise<void> {
  if (answer.statusCode >= 500 || answer.statusCode === 429) {
    await releaseIdempotencyKey(deps.db, claim.id, claim.createdAt)
    return
  }
  await completeIdempotencyKey(deps.db, claim.id, {
    statusCode: answer.statusCode,
    responseSealed: seal(deps.keyring, answer.body, context(workspaceId, claim.id)),
  })
}

/** The worker's sweep: answers older than 24 hours are forgotten. */
export function idempotencySweep(deps: Pick<IdempotencyDeps, 'db' | 'now'>): {
  name: string
  intervalMs: number
  run(): Promise<void>
} {
  return {
    name: 'expired-idempotency-keys',
    intervalMs: 10 * 60_000,
    run: () => deleteExpiredIdempotencyKeys(deps.db, deps.now().toISOString()),
  }
}
