// Shares the window counts of several nodes through Redis, approximately and off the request path: every
// ~100 ms each node adds what it accepted since the last push to `<prefix><scope>:<key>:<window>` (INCRBY +
// PEXPIRE, one pipeline) and keeps the totals Redis answers. A node therefore over-admits by at most what the
// other nodes accepted in the last ~100 ms. Redis holds no data: when it is unreachable or errors, each node
// keeps limiting on its own counts, warns once, and ioredis reconnects in the background.
import { Redis } from 'ioredis'
import { WINDOW_MS, type WindowCount, type WindowCounter } from './window-counter.js'

export interface SyncLog {
  warn(fields: object, message: string): void
  info(fields: object, message: string): void
}

export interface RedisSyncOptions {
  url: string
  counters: readonly WindowCounter[]
  log: SyncLog
  /** Default `keyport:rl:`; tests sharing one Redis use a prefix of their own. */
  keyPrefix?: string
  /** How often to push and read back; 0 = only when flush() is called (tests). */
  intervalMs?: number
}

export const SYNC_INTERVAL_MS = 100
/** A window's key outlives its window a little (clocks differ between nodes), then Redis drops it. */
const KEY_TTL_MS = 3 * WINDOW_MS

interface Pending {
  count: WindowCount
  /** How many this push added (0: a read of the total only). */
  sent: number
  /** Index of the reply that carries the total. */
  at: number
}

export class RedisSync {
  readonly #redis: Redis
  readonly #counters: readonly WindowCounter[]
  readonly #log: SyncLog
  readonly #prefix: string
  /** host:port, never the password, for log lines. */
  readonly #where: string
  readonly #timer: NodeJS.Timeout | null
  #flushing = false
  #degraded = false
  #closed = false

  constructor(options: RedisSyncOptions) {
    this.#counters = options.counters
    this.#log = options.log
    this.#prefix = options.keyPrefix ?? 'keyport:rl:'
    const url = new URL(options.url)
    this.#where = `${url.hostname}:${url.port || 6379}`
    this.#redis = new Redis(options.url, {
      // A command while disconnected fails at once instead of queueing: the local counts go on meanwhile.
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      commandTimeout: 1000,
      connectTimeout: 2000,
      // Keep reconnecting in the background for as long as the node runs, at most every 5 s.
      retryStrategy: (attempt) => Math.min(attempt * 250, 5000),
    })
    this.#redis.on('error', (error: Error & { code?: string }) => this.#failed(error))
    this.#redis.on('ready', () => this.#recovered())
    const intervalMs = options.intervalMs ?? SYNC_INTERVAL_MS
    this.#timer = intervalMs > 0 ? setInterval(() => void this.flush(), intervalMs) : null
    this.#timer?.unref()
  }

  get connected(): boolean {
    return this.#redis.status === 'ready'
  }

  /** Pushes what this node accepted since the last push and reads back the shared totals. Never throws. */
  async flush(): Promise<void> {
    if (this.#flushing || this.#closed || !this.connected) return
    this.#flushing = true
    const pipeline = this.#redis.pipeline()
    const pending: Pending[] = []
    let replies = 0
    for (const counter of this.#counters) {
      const { window, counts } = counter.current()
      for (const [key, count] of counts) {
        const redisKey = `${this.#prefix}${counter.scope}:${key}:${window}`
        if (count.unsent > 0) {
          pipeline.incrby(redisKey, count.unsent).pexpire(redisKey, KEY_TTL_MS)
          pending.push({ count, sent: count.unsent, at: replies })
          count.sending += count.unsent
          count.unsent = 0
          replies += 2
        } else if (count.global + count.sending < counter.limit) {
          // Nothing new here, but the other nodes may have added: a refused key stays refused for its window.
          pipeline.get(redisKey)
          pending.push({ count, sent: 0, at: replies })
          replies += 1
        }
      }
    }
    try {
      if (pending.length === 0) return
      const results = await pipeline.exec().then(
        (replies) => replies ?? [],
        (error: Error) => {
          this.#failed(error)
          return []
        },
      )
      let failed = results.length === 0
      for (const { count, sent, at } of pending) {
        const [error, total] = results[at] ?? [null, undefined]
        count.sending -= sent
        if (error || total === undefined) {
          failed = true
          count.unsent += sent // goes out again with the next push
          if (error) this.#failed(error)
        } else {
          // A window's total only grows; GET answers null before any node has counted the key.
          count.global = Math.max(count.global, Number(total ?? 0))
        }
      }
      if (!failed) this.#recovered() // after command errors (not a lost connection)
    } finally {
      this.#flushing = false
    }
  }

  async close(): Promise<void> {
    this.#closed = true
    if (this.#timer) clearInterval(this.#timer)
    // Counts are not data: nothing to hand over, so the connection is simply closed.
    this.#redis.disconnect()
  }

  #recovered(): void {
    if (!this.#degraded) return
    this.#degraded = false
    this.#log.info({ redis: this.#where }, 'Redis reachable again: rate-limit counts are shared')
  }

  /** One warning per outage, naming the host but never the URL (it may hold a password). */
  #failed(error: Error & { code?: string }): void {
    if (this.#degraded || this.#closed) return
    this.#degraded = true
    this.#log.warn(
      { redis: this.#where, errorCode: error.code, reason: error.message },
      'Redis unavailable: rate limits are counted on this node alone until it is back',
    )
  }
}
