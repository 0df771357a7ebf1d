// GET /v1/summary: what an operator looks at first (the console's overview), in three aggregate queries instead of
// paging through every credential and delivery.
import {
  countCredentialsByAppAndStatus,
  countCredentialsNeedingAttention,
  countFailingDeliveries,
  type DB,
} from '../store/index.js'

const DAY_MS = 86_400_000

export interface WorkspaceSummary {
  generatedAt: string
  credentials: {
    total: number
    byStatus: { active: number; expired: number }
    byApp: { app: string; active: number; expired: number; total: number }[]
    /** Active, with a known end within the next 7 days. */
    expiringWithin7Days: number
  }
  last24Hours: {
    /** Credentials that expired (refresh refused, check failed, lifetime over). */
    expired: number
    /** Active credentials whose refresh or check is failing right now, retried with backoff. */
    refreshFailing: number
    /** Deliveries whose last attempt in the window failed: given up on, or still being retried. */
    webhookFailures: { failed: number; retrying: number }
  }
}

export async function summarizeWorkspace(
  deps: { db: DB; now: () => Date },
  workspaceId: string,
): Promise<WorkspaceSummary> {
  const now = deps.now()
  const since = new Date(now.getTime() - DAY_MS).toISOString()
  const horizon = new Date(now.getTime() + 7 * DAY_MS).toISOString()
  const [counts, attention, deliveries] = await Promise.all([
    countCredentialsByAppAndStatus(deps.db, workspaceId),
    countCredentialsNeedingAttention(deps.db, workspaceId, { since, horizon }),
    countFailingDeliveries(deps.db, workspaceId, since),
  ])
  const byApp = new Map<string, { app: string; active: number; expired: number; total: number }>()
  const byStatus = { active: 0, expired: 0 }
  for (const { app, status, count } of counts) {
    const entry = byApp.get(app) ?? { app, active: 0, expired: 0, total: 0 }
    if (status === 'active' || status === 'expired') {
      entry[status] += count
      byStatus[status] += count
    }
    entry.total += count
    byApp.set(app, entry)
  }
  return {
    generatedAt: now.toISOString(),
    credentials: {
      total: counts.reduce((sum, row) => sum + row.count, 0),
      byStatus,
      byApp: [...byApp.values()].sort((a, b) => b.total - a.total || a.app.localeCompare(b.app)),
      expiringWithin7Days: attention.expiringSoon,
    },
    last24Hours: {
      expired: attention.expiredSince,
      refreshFailing: attention.failing,
      webhookFailures: deliveries,
    },
  }
}
