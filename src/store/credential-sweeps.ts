import type { DB } from './database.js'
import type { CredentialTable } from './schema.js'

// Queries of the background sweeps. They span workspaces by nature (one sweep serves every workspace); each row
// carries its workspaceId and every follow-up write filters by it. Each is an indexed range scan with a limit.

const COLUMNS = [
  'id',
  'workspaceId',
  'userId',
  'app',
  'name',
  'type',
  'expiresAt',
  'refreshExpiresAt',
  'nextCheckAt',
  'failureCount',
  'failingSince',
] as const

/**
 * Credential types whose expires_at is a short-lived token's expiry that Keyport renews (an OAuth access token, a
 * token minted from a client secret or private key), not the end of the credential: never lapsed, never warned
 * about. A test in src/auth-schemes keeps it in step with the schemes that mint.
 */
export const RENEWED_TOKEN_TYPES: readonly string[] = [
  'oauth2',
  'client_credentials',
  'jwt_bearer',
  'github_app',
  // With a role, the expiry of the STS session Keyport assumes again; without one, none.
  'aws_sigv4',
]

/** What every sweep reads of a credential: COLUMNS, typed. */
type SweepRow = Pick<CredentialTable, (typeof COLUMNS)[number]>

/** Active OAuth credentials whose access token expires before `horizon` and that are not backing off. */
export async function listDueForRefresh(
  db: DB,
  now: string,
  horizon: string,
  limit: number,
): Promise<SweepRow[]> {
  return db
    .selectFrom('credential')
    .select(COLUMNS)
    .where('status', '=', 'active')
    .where('expiresAt', '<=', horizon)
    .where('type', '=', 'oauth2')
    .where((eb) => eb.or([eb('nextCheckAt', 'is', null), eb('nextCheckAt', '<=', now)]))
    .orderBy('expiresAt')
    .limit(limit)
    .execute()
}

/** Active key credentials past their known lifetime. */
export async function listLapsedKeys(db: DB, now: string, limit: number): Promise<SweepRow[]> {
  return db
    .selectFrom('credential')
    .select(COLUMNS)
    .where('status', '=', 'active')
    .where('expiresAt', '<=', now)
    .where('type', 'not in', RENEWED_TOKEN_TYPES)
    .orderBy('expiresAt')
    .limit(limit)
    .execute()
}

/** Active credentials with a known end (key lifetime, refresh-token lifetime) before `horizon`, not yet warned. */
export async function listDueWarnings(db: DB, horizon: string, limit: number): Promise<SweepRow[]> {
  return db
    .selectFrom('credential')
    .select(COLUMNS)
    .where('status', '=', 'active')
    .where('expiringNotifiedAt', 'is', null)
    .where((eb) =>
      eb.or([
        eb.and([eb('type', 'not in', RENEWED_TOKEN_TYPES), eb('expiresAt', '<=', horizon)]),
        eb('refreshExpiresAt', '<=', horizon),
      ]),
    )
    .limit(limit)
    .execute()
}

/** Marks the warning sent; true for exactly one caller however many nodes race. */
export async function claimExpiringWarning(
  db: DB,
  workspaceId: string,
  id: string,
  at: string,
): Promise<boolean> {
  const result = await db
    .updateTable('credential')
    .set({ expiringNotifiedAt: at })
    .where('workspaceId', '=', workspaceId)
    .where('id', '=', id)
    .where('status', '=', 'active')
    .where('expiringNotifiedAt', 'is', null)
    .executeTakeFirst()
  return result.numUpdatedRows > 0n
}

/** Active key and minting credentials whose scheduled health check is due (OAuth ones refresh instead). */
export async function listDueChecks(db: DB, now: string, limit: number): Promise<SweepRow[]> {
  return db
    .selectFrom('credential')
    .select(COLUMNS)
    .where('status', '=', 'active')
    .where('nextCheckAt', '<=', now)
    .where('type', '!=', 'oauth2')
    .orderBy('nextCheckAt')
    .limit(limit)
    .execute()
}

/** Moves the next check from `from` to `to`; true for exactly one node (compare-and-set on next_check_at). */
export async function claimCheck(
  db: DB,
  workspaceId: string,
  id: string,
  from: string,
  to: string,
): Promise<boolean> {
  const result = await db
    .updateTable('credential')
    .set({ nextCheckAt: to })
    .where('workspaceId', '=', workspaceId)
    .where('id', '=', id)
    .where('status', '=', 'active')
    .where('nextCheckAt', '=', from)
    .executeTakeFirst()
  return result.numUpdatedRows > 0n
}

/** The outcome of a check that did not expire the credential. */
export async function recordCheck(
  db: DB,
  workspaceId: string,
  id: string,
  changes: Pick<CredentialTable, 'lastCheckedAt' | 'failureCount' | 'failingSince'> & {
    nextCheckAt?: string | null
  },
): Promise<void> {
  await db
    .updateTable('credential')
    .set(changes)
    .where('workspaceId', '=', workspaceId)
    .where('id', '=', id)
    .where('status', '=', 'active')
    .execute()
}

export type { SweepRow }
