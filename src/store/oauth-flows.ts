import type { Sealed } from '../crypto/index.js'
import type { DB } from './database.js'
import type { OAuthFlowTable } from './schema.js'

export type OAuthFlowRow = OAuthFlowTable

export async function insertOAuthFlow(db: DB, row: OAuthFlowTable): Promise<void> {
  await db.insertInto('oauthFlow').values(row).execute()
}

/** By the SHA-256 of `state`: the state itself is never stored. */
export async function findOAuthFlow(db: DB, stateHash: string): Promise<OAuthFlowRow | null> {
  return (
    (await db
      .selectFrom('oauthFlow')
      .selectAll()
      .where('stateHash', '=', stateHash)
      .executeTakeFirst()) ?? null
  )
}

/** Binds a not-yet-bound flow to one browser. False when it was already bound (or is gone). */
export async function bindOAuthFlow(
  db: DB,
  stateHash: string,
  browserHash: string,
): Promise<boolean> {
  const result = await db
    .updateTable('oauthFlow')
    .set({ browserHash })
    .where('stateHash', '=', stateHash)
    .where('browserHash', '=', '')
    .where('usedAt', 'is', null)
    .executeTakeFirst()
  return result.numUpdatedRows > 0n
}

/** Single use: the first callback to claim the flow wins; a replay finds used_at set and gets false. */
export async function claimOAuthFlow(db: DB, stateHash: string, now: string): Promise<boolean> {
  const result = await db
    .updateTable('oauthFlow')
    .set({ usedAt: now })
    .where('stateHash', '=', stateHash)
    .where('usedAt', 'is', null)
    .executeTakeFirst()
  return result.numUpdatedRows > 0n
}

/** Records how a claimed flow ended, so the modal that started it can learn the outcome by polling. */
export async function finishOAuthFlow(
  db: DB,
  stateHash: string,
  outcome: { credentialId: string | null; errorMessage: string | null },
): Promise<void> {
  await db
    .updateTable('oauthFlow')
    .set({ credentialId: outcome.credentialId, errorMessage: outcome.errorMessage })
    .where('stateHash', '=', stateHash)
    .execute()
}

export async function deleteExpiredOAuthFlows(db: DB, before: string): Promise<number> {
  const result = await db
    .deleteFrom('oauthFlow')
    .where('expiresAt', '<=', before)
    .executeTakeFirst()
  return Number(result.numDeletedRows)
}

/**
 * Stores the secret a flow learns after it started (OAuth 1.0a: the temporary credentials, sealed), once: false
 * when the flow already holds one, was used, or is gone.
 */
export async function setOAuthFlowSecret(
  db: DB,
  stateHash: string,
  sealed: Sealed,
): Promise<boolean> {
  const result = await db
    .updateTable('oauthFlow')
    .set({ verifierSealed: sealed })
    .where('stateHash', '=', stateHash)
    .where('verifierSealed', 'is', null)
    .where('usedAt', 'is', null)
    .executeTakeFirst()
  return result.numUpdatedRows > 0n
}
