import type { CredentialRow, CredentialStatus } from '../store/index.js'
import { expiryReasonOf, type ExpiryReason } from './expiry-reasons.js'
import { parseMetadata } from './platform-metadata.js'

/** The public shape of a credential (docs/architecture.md §6): never a secret. */
export interface CredentialView {
  credentialId: string
  userId: string
  app: string
  name: string
  type: string
  status: CredentialStatus
  metadata: Record<string, unknown>
  createdAt: string
  updatedAt: string
  expiresAt: string | null
  lastUsedAt: string | null
  /** When it expired (as expiredAt in credential.expired); null while active. */
  expiredAt: string | null
  /** Why it expired (reason in credential.expired); null while active. */
  expiryReason: ExpiryReason | null
}

export function toCredentialView(row: CredentialRow): CredentialView {
  return {
    credentialId: row.id,
    userId: row.userId,
    app: row.app,
    name: row.name,
    type: row.type,
    status: row.status,
    // The platform's keys and Keyport's never overlap (mergeCredentialMetadata); Keyport's win if a later refresh
    // adds one the platform had set.
    metadata: {
      ...parseMetadata(row.platformMetadata),
      ...(JSON.parse(row.metadata) as Record<string, unknown>),
    },
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    expiresAt: row.expiresAt,
    lastUsedAt: row.lastUsedAt,
    // A reconnect clears both (reconnect.ts); only an expired credential has them.
    expiredAt: row.status === 'expired' ? row.expiredAt : null,
    expiryReason: row.status === 'expired' ? expiryReasonOf(row.expiredReason) : null,
  }
}
