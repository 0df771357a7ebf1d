import { newId } from '../ids.js'
import { insertAuditRows, type DB, type WriteActivity } from '../store/index.js'
import type { AuditLogTable } from '../store/index.js'
import type { Metrics } from '../metrics/index.js'

export interface AuditEntry {
  workspaceId: string
  actor: string
  action: string
  target: string
  requestId: string | null
  /** The user the action concerns, when known: `GET /v1/audit?userId=` finds the row by it. */
  userId?: string | null
  /** Small, never secret: a proxied call's method, path without query, status and duration. */
  detail?: Readonly<Record<string, string | number | boolean | null>> | null
}

/** The stored row; built field by field so nothing else an entry carries (an actor's extras) reaches the table. */
export function toAuditRow(entry: AuditEntry, at: Date): AuditLogTable {
  return {
    id: newId('aud', at.getTime()),
    workspaceId: entry.workspaceId,
    actor: entry.actor,
    action: entry.action,
    target: entry.target,
    requestId: entry.requestId,
    createdAt: at.toISOString(),
    userId: entry.userId ?? null,
    detail: entry.detail ? JSON.stringify(entry.detail) : null,
  }
}

/** `lastUsedAt` moves at most this often per credential: each move rewrites the whole credential row. */
export const TOUCH_EVERY_MS = 60_000
const MAX_TOUCHED = 100_000

/**
 * How often buffered rows are written, and how many rows one write takes. On SQLite a write blocks the event loop
 * (~7 µs a row), so one write of a second's rows at 5,000 reads a second stalled every request in flight for
 * 40–100 ms (the secret read's p99). Writes of at most WRITE_ROWS rows, with the event loop let run between them,
 * keep each stall near a millisecond or two; a quarter-second interval loses less on a crash.
 */
export const FLUSH_EVERY_MS = 250
export const WRITE_ROWS = 200

/**
 * Keeps writes off the read path: secret reads are audited and `lastUsedAt` is bumped in batches, flushed every
 * `intervalMs` and on shutdown. A crash loses at most one interval of these rows; creates and deletes are audited
 * in their own transaction instead. Every read gets its audit row; `lastUsedAt` is kept to the minute, since
 * rewriting a wide row on every read of a busy credential cost more than the audit rows (bench profile).
 */
export class ActivityLog {
  // Ids and timestamps are formatted at flush time, off the request path.
  private audit: { at: Date; entry: AuditEntry }[] = []
  private used = new Set<string>()
  /** When this process last queued a `lastUsedAt` update per credential. */
  private touched = new Map<string, number>()
  private timer: NodeJS.Timeout | null = null
  private flushing: Promise<void> = Promise.resolve()
  private readonly intervalMs: number
  private readonly metrics: Metrics | undefined

  constructor(
    private readonly write: WriteActivity,
    private readonly now: () => Date,
    options: { intervalMs?: number; metrics?: Metrics } = {},
  ) {
    this.intervalMs = options.intervalMs ?? FLUSH_EVERY_MS
    this.metrics = options.metrics
  }

  start(): void {
    this.timer ??= setInterval(() => void this.flush().catch(() => undefined), this.intervalMs)
    this.timer.unref()
  }

  record(entry: AuditEntry, credentialId?: string): void {
    const at = this.now()
    this.audit.push({ at, entry })
    if (credentialId && this.touchIsDue(credentialId, at.getTime())) this.used.add(credentialId)
  }

  private touchIsDue(credentialId: string, at: number): boolean {
    const last = this.touched.get(credentialId)
    if (last !== undefined && at - last < TOUCH_EVERY_MS) return false
    if (this.touched.size >= MAX_TOUCHED) this.touched.clear()
    this.touched.set(credentialId, at)
    return true
  }

  /**
   * Writes everything buffered so far, WRITE_ROWS audit rows (and as many lastUsedAt moves) per transaction.
   * Concurrent calls queue behind each other. A failed write (the database briefly away) puts back its rows and
   * those not yet written for the next flush, and does not stop later flushes from running.
   */
  flush(): Promise<void> {
    const run = this.flushing
      .catch(() => undefined)
      .then(async () => {
        const pending = this.audit.splice(0)
        const ids = [...this.used]
        this.used.clear()
        for (let from = 0; from < Math.max(pending.length, ids.length); from += WRITE_ROWS) {
          if (from > 0) await new Promise((resolve) => setImmediate(resolve)) // requests waiting go first
          await this.writeSome(
            pending.slice(from, from + WRITE_ROWS),
            ids.slice(from, from + WRITE_ROWS),
          ).catch((error: unknown) => {
            this.audit.unshift(...pending.slice(from))
            for (const id of ids.slice(from)) this.used.add(id)
            throw error
          })
        }
      })
    this.flushing = run
    return run
  }

  private async writeSome(
    pending: { at: Date; entry: AuditEntry }[],
    ids: string[],
  ): Promise<void> {
    const rows = pending.map(({ at, entry }) => toAuditRow(entry, at))
    const started = performance.now()
    try {
      await this.write(rows, ids, this.now().toISOString())
    } catch (error) {
      this.metrics?.activityFlushFailed()
      throw error
    }
    this.metrics?.activityFlushed(rows.length, (performance.now() - started) / 1000)
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer)
    this.timer = null
    await this.flush()
  }
}

/** Writes an audit row now, inside the caller's transaction (creates and deletes). */
export async function auditNow(db: DB, entry: AuditEntry, now: Date): Promise<void> {
  await insertAuditRows(db, [toAuditRow(entry, now)])
}
