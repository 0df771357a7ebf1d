import { RENEWED_TOKEN_TYPES } from './credential-sweeps.js'
import type { DB } from './database.js'

export interface CredentialCount {
  app: string
  status: string
  count: number
}

/** How many credentials per app and status: one GROUP BY over the workspace's rows. */
export async function countCredentialsByAppAndStatus(
  db: DB,
  workspaceId: string,
): Promise<CredentialCount[]> {
  const rows = await db
    .selectFrom('credential')
    .select(['app', 'status', (eb) => eb.fn.countAll<number | string>().as('count')])
    .where('workspaceId', '=', workspaceId)
    .groupBy(['app', 'status'])
    .orderBy('app')
    .execute()
  return rows.map((row) => ({ app: row.app, status: row.status, count: Number(row.count) }))
}

export interface CredentialAttention {
  /** Active credentials with a known end (key lifetime, refresh-token lifetime) before `horizon`. */
  expiringSoon: number
  /** Active credentials whose refresh or check is failing now (retried with backoff until they expire). */
  failing: number
  /** Credentials that expired at or after `since`. */
  expiredSince: number
}

/** Three counts in one pass over the workspace's credentials. */
export async function countCredentialsNeedingAttention(
  db: DB,
  workspaceId: string,
  window: { since: string; horizon: string },
): Promise<CredentialAttention> {
  const row = await db
    .selectFrom('credential')
    .select((eb) => {
      const active = eb('status', '=', 'active')
      const count = (condition: ReturnType<typeof eb.and>) =>
        eb.fn.sum<number | string | null>(eb.case().when(condition).then(1).else(0).end())
      return [
        count(
          eb.and([
            active,
            eb.or([
              eb.and([
                eb('type', 'not in', RENEWED_TOKEN_TYPES),
                eb('expiresAt', '<', window.horizon),
              ]),
              eb('refreshExpiresAt', '<', window.horizon),
            ]),
          ]),
        ).as('expiringSoon'),
        count(eb.and([active, eb('failingSince', 'is not', null)])).as('failing'),
        count(eb.and([eb('expiredAt', '>=', window.since)])).as('expiredSince'),
      ]
    })
    .where('workspaceId', '=', workspaceId)
    .executeTakeFirstOrThrow()
  return {
    expiringSoon: Number(row.expiringSoon ?? 0),
    failing: Number(row.failing ?? 0),
    expiredSince: Number(row.expiredSince ?? 0),
  }
}

/**
 * Webhook deliveries whose latest attempt at or after `since` did not succeed: given up on (`failed`), or still
 * being retried (`pending` after at least one attempt).
 */
export async function countFailingDeliveries(
  db: DB,
  workspaceId: string,
  since: string,
): Promise<{ failed: number; retrying: number }> {
  const rows = await db
    .selectFrom('webhookDelivery')
    .select(['status', (eb) => eb.fn.countAll<number | string>().as('count')])
    .where('workspaceId', '=', workspaceId)
    .where('lastAttemptAt', '>=', since)
    .where((eb) =>
      eb.or([
        eb('status', '=', 'failed'),
        eb.and([eb('status', '=', 'pending'), eb('attempts', '>', 0)]),
      ]),
    )
    .groupBy('status')
    .execute()
  const of = (status: string) => Number(rows.find((row) => row.status === status)?.count ?? 0)
  return { failed: of('failed'), retrying: of('pending') }
}
