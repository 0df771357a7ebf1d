// Fixed one-second windows per key, counted in this process. take() is synchronous and allocation-light: it runs
// on every request, so it must cost about a microsecond (no await, no I/O). Sharing across nodes happens
// elsewhere (redis-sync.ts), by reading and writing the fields of the current window's counts.

export const WINDOW_MS = 1000

/** One key's requests in the current window. */
export interface WindowCount {
  /** Accepted here in this window. */
  local: number
  /** Accepted here and not yet sent to the shared store. */
  unsent: number
  /** Sent to the shared store, reply not back yet. */
  sending: number
  /** The shared total for this window the last time the store answered (every node's, this one's included). */
  global: number
}

export class WindowCounter {
  readonly scope: string
  /** Requests per window per key; 0 = never limited. */
  readonly limit: number
  readonly #now: () => number
  #window = -1
  #counts = new Map<string, WindowCount>()

  constructor(scope: string, limit: number, now: () => number) {
    this.scope = scope
    this.limit = limit
    this.#now = now
  }

  /**
   * Counts one request for `key` and returns 0, or refuses it (not counted) and returns the whole seconds until
   * the window ends (≥ 1). Refuses when the last known shared total plus what this node has not yet sent reaches
   * the limit; with no shared store that is this node's own count.
   */
  take(key: string): number {
    if (this.limit === 0) return 0
    const now = this.#now()
    const counts = this.#current(now)
    let count = counts.get(key)
    if (count === undefined) {
      count = { local: 0, unsent: 0, sending: 0, global: 0 }
      counts.set(key, count)
    }
    const used = Math.max(count.local, count.global + count.sending + count.unsent)
    if (used >= this.limit)
      return Math.max(1, Math.ceil(((this.#window + 1) * WINDOW_MS - now) / 1000))
    count.local++
    count.unsent++
    return 0
  }

  /** The current window's number and counts (older windows are dropped here), for the shared-store sync. */
  current(): { window: number; counts: Map<string, WindowCount> } {
    const counts = this.#current(this.#now())
    return { window: this.#window, counts }
  }

  /** Only the current window is kept: memory is bounded by the keys seen within one second. */
  #current(now: number): Map<string, WindowCount> {
    const window = Math.floor(now / WINDOW_MS)
    if (window !== this.#window) {
      this.#window = window
      if (this.#counts.size > 0) this.#counts = new Map()
    }
    return this.#counts
  }
}
