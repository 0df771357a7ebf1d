import { markCredentialExpired, type CredentialRow, type DB } from '../store/index.js'
import { reconnectLinkIn } from './connect-link.js'
import type { CredentialDeps } from './deps.js'
import { recordCredentialEvent } from './events.js'
import type { ExpiryReason } from './expiry-reasons.js'

export { EXPIRY_REASONS, type ExpiryReason } from './expiry-reasons.js'

/**
 * active → expired, exactly once per transition. The update is conditional on `status = 'active'`, so when two
 * nodes detect the same expiry at once only one update matches (PostgreSQL re-checks the condition after the
 * first commits; SQLite has one writer) and only that one records credential.expired, in the same transaction.
 * Returns true when this call made the transition.
 */
export async function markExpired(
  trx: DB,
  row: Pick<CredentialRow, 'id' | 'workspaceId' | 'userId' | 'name' | 'app'>,
  reason: ExpiryReason,
  context: { now: Date; publicURL: string },
): Promise<boolean> {
  const { now } = context
  const expiredAt = now.toISOString()
  if (!(await markCredentialExpired(trx, row, { expiredReason: reason, expiredAt }))) return false
  // An addition to the contract's fields: a hosted link that reconnects this credential (connect-link.ts says
  // how long it lives and why).
  const reconnect = await reconnectLinkIn(trx, row, context)
  await recordCredentialEvent(
    trx,
    row,
    { type: 'credential.expired', extra: { reason, expiredAt, reconnectUrl: reconnect.url } },
    now,
  )
  return true
}

/** The transition in its own transaction, counted in the node's metrics once committed. */
export async function expireCredential(
  deps: Pick<CredentialDeps, 'db' | 'metrics' | 'publicURL'>,
  row: Pick<CredentialRow, 'id' | 'workspaceId' | 'userId' | 'name' | 'app'>,
  reason: ExpiryReason,
  now: Date,
): Promise<boolean> {
  const expired = await deps.db
    .transaction()
    .execute((trx) => markExpired(trx, row, reason, { now, publicURL: deps.publicURL }))
  if (expired) deps.metrics.credentialExpired(reason)
  return expired
}
