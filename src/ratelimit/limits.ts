// The node's rate limits (per workspace on /v1, per connect token on the modal's API, per agent token on /mcp, per
// client address on the console's sign-in), counted locally and, with KEYPORT_REDIS_URL, shared with the other nodes.
import { RedisSync, type SyncLog } from './redis-sync.js'
import { WindowCounter } from './window-counter.js'

export interface RateLimits {
  workspace: WindowCounter
  connectToken: WindowCounter
  agentToken: WindowCounter
  /** Console sign-in attempts per client address (POST /console/api/sign-in). */
  signIn: WindowCounter
  /** True while counts are shared through Redis (connected); false without Redis or while it is away. */
  readonly sharing: boolean
  /** Pushes this node's counts to Redis now (a timer does it every ~100 ms); a no-op without Redis. */
  flush(): Promise<void>
  /** Closes the Redis connection, if any. */
  close(): Promise<void>
}

export interface RateLimitOptions {
  /** Requests per second per workspace; 0 = off. */
  workspace: number
  /** Requests per second per connect token; 0 = off. */
  connectToken: number
  /** Requests per second per agent token on /mcp; 0 or absent = off. */
  agentToken?: number
  /** Console sign-in attempts per second per client address; 0 or absent = off. */
  signIn?: number
  /** Share counts through this Redis; counted on this node alone when null. */
  redisURL?: string | null
  /** Where Redis outages are reported (the process logger); silent when absent, as in tests. */
  log?: SyncLog
  /** Milliseconds since the epoch; tests move it instead of sleeping. */
  now?: () => number
  redisKeyPrefix?: string
  /** 0: push only when flush() is called (tests). */
  syncIntervalMs?: number
}

export function createRateLimits(options: RateLimitOptions): RateLimits {
  const now = options.now ?? Date.now
  const workspace = new WindowCounter('ws', options.workspace, now)
  const connectToken = new WindowCounter('ct', options.connectToken, now)
  const agentToken = new WindowCounter('at', options.agentToken ?? 0, now)
  const signIn = new WindowCounter('si', options.signIn ?? 0, now)
  const counters = [workspace, connectToken, agentToken, signIn].filter((c) => c.limit > 0)
  const sync =
    options.redisURL && counters.length > 0
      ? new RedisSync({
          url: options.redisURL,
          counters,
          log: options.log ?? { warn: () => {}, info: () => {} },
          ...(options.redisKeyPrefix ? { keyPrefix: options.redisKeyPrefix } : {}),
          ...(options.syncIntervalMs !== undefined ? { intervalMs: options.syncIntervalMs } : {}),
        })
      : null
  return {
    workspace,
    connectToken,
    agentToken,
    signIn,
    get sharing() {
      return sync?.connected ?? false
    },
    flush: async () => sync?.flush(),
    close: async () => sync?.close(),
  }
}
