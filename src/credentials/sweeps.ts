import {
  claimExpiringWarning,
  listDueChecks,
  listDueForRefresh,
  listDueWarnings,
  listLapsedKeys,
  RENEWED_TOKEN_TYPES,
  type SweepRow,
} from '../store/index.js'
import { runScheduledCheck, type CheckDeps } from './check.js'
import { recordCredentialEvent } from './events.js'
import { expireCredential } from './expire.js'
import { refreshMarginSeconds } from './freshness.js'

export interface SweepOptions {
  /** credential.expiring goes out this long before a known end; default 7 days. */
  expiringWarningSeconds?: number
  /** Rows per pass; a full pass runs again at the next tick. */
  batchSize?: number
  /** Parallel provider calls per pass. */
  concurrency?: number
}

export interface CredentialSweep {
  name: string
  intervalMs: number
  run: () => Promise<number>
}

const SEVEN_DAYS = 7 * 86_400

async function eachLimited<T>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<unknown>,
): Promise<void> {
  let next = 0
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) await fn(items[next++]!)
  })
  await Promise.all(lanes)
}

/**
 * The background sweeps every node runs. All are safe with N nodes: refreshes are single flight (row lock),
 * transitions are conditional updates (exactly once), warnings and scheduled checks are claimed with
 * compare-and-set updates.
 */
export function credentialSweeps(deps: CheckDeps, options: SweepOptions = {}): CredentialSweep[] {
  const warnSeconds = options.expiringWarningSeconds ?? SEVEN_DAYS
  const batch = options.batchSize ?? 200
  const concurrency = options.concurrency ?? 8
  const refreshIntervalMs = 30_000
  const aheadSeconds = (2 * refreshIntervalMs) / 1000

  return [
    {
      // Refresh ahead of expiry, so that secret reads rarely wait for the provider; also expires OAuth
      // credentials whose access token ran out with no refresh token (the refresher decides).
      name: 'refresh-ahead',
      intervalMs: refreshIntervalMs,
      async run() {
        // Oldest expiry first; keep going while whole batches are due (a large backlog drains in one pass,
        // bounded so one pass cannot run forever on rows that stay due, such as tokens without a refresh token).
        let total = 0
        for (let pass = 0; pass < 10; pass++) {
          const now = deps.now()
          // The widest margin an app may declare is a day (catalog schema); rows are filtered per app below.
          const horizon = new Date(now.getTime() + (86_400 + aheadSeconds) * 1000).toISOString()
          const rows = await listDueForRefresh(deps.db, now.toISOString(), horizon, batch)
          const due = rows.filter(
            (r) =>
              Date.parse(r.expiresAt!) - now.getTime() <=
              (refreshMarginSeconds(deps.catalog.get(r.app)) + aheadSeconds) * 1000,
          )
          await eachLimited(due, concurrency, (r) =>
            deps.refresher.refresh(r.workspaceId, r.id, { aheadSeconds }),
          )
          total += due.length
          if (rows.length < batch || due.length < rows.length) break
        }
        return total
      },
    },
    {
      name: 'key-lifetime',
      intervalMs: 60_000,
      async run() {
        const now = deps.now()
        const rows = await listLapsedKeys(deps.db, now.toISOString(), batch)
        for (const r of rows) await expireCredential(deps, r, 'key_lifetime_ended', now)
        return rows.length
      },
    },
    {
      name: 'expiring-warnings',
      intervalMs: 300_000,
      async run() {
        const now = deps.now()
        const rows = await listDueWarnings(
          deps.db,
          new Date(now.getTime() + warnSeconds * 1000).toISOString(),
          batch,
        )
        for (const r of rows) await warn(deps, r, now)
        return rows.length
      },
    },
    {
      name: 'health-checks',
      intervalMs: 60_000,
      async run() {
        const rows = await listDueChecks(deps.db, deps.now().toISOString(), batch)
        await eachLimited(rows, concurrency, (r) => runScheduledCheck(deps, r))
        return rows.length
      },
    },
  ]
}

/** credential.expiring, once: the claim and the event commit together. */
async function warn(deps: CheckDeps, row: SweepRow, now: Date): Promise<void> {
  const keyEnd = RENEWED_TOKEN_TYPES.includes(row.type) ? null : row.expiresAt
  const ends = [keyEnd, row.refreshExpiresAt].filter((x): x is string => x !== null).sort()[0]
  if (!ends) return
  await deps.db.transaction().execute(async (trx) => {
    if (!(await claimExpiringWarning(trx, row.workspaceId, row.id, now.toISOString()))) return
    await recordCredentialEvent(
      trx,
      row,
      {
        type: 'credential.expiring',
        extra: {
          expiresAt: ends,
          reason: ends === keyEnd ? 'key_lifetime' : 'refresh_token_lifetime',
        },
      },
      now,
    )
  })
}
