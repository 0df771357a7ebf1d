// One-second windows per key, counted in this process, with the previous window's count carried into the current
// one in proportion to the part of it still within the last second (a sliding-window estimate): fixed windows
// alone let a client send the whole limit at the end of one window and again at the start of the next. take() is
// synchronous and allocation-light: it runs on every request, so it must cost about a microsecond (no await, no
// I/O). Sharing across nodes happens elsewhere (redis-sync.ts), by reading and writing the fields of the counts.

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
  /** The window just before #window (empty when it saw no request). */
  #previous: ReadonlyMap<string, WindowCount> = new Map()

  constructor(scope: string, limit: number, now: () => number) {
    this.scope = scope
    this.limit = limit
    this.#now = now
  }

  /**
   * Counts one request for `key` and returns 0, or refuses it (not counted) and returns 1, the whole seconds to
   * wait. Refuses when the current window's count plus the previous window's, weighted by how much of the previous
   * window lies within the last second, reaches the limit. A window's count is the last known shared total plus
   * what this node has not yet sent; with no shared store it is this node's own count.
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
    const previous = this.#previous.get(key)
    const carried = previous
      ? usedOf(previous) * (1 - (now - this.#window * WINDOW_MS) / WINDOW_MS)
      : 0
    if (usedOf(count) + carried >= this.limit) return 1
    count.local++
    count.unsent++
    return 0
  }

  /** The current window's number and counts (older windows are dropped here), for the shared-store sync. */
  current(): { window: number; counts: Map<string, WindowCount> } {
    const counts = this.#current(this.#now())
    return { window: this.#window, counts }
  }

  /** Only the current and the previous window are kept: memory is bounded by the keys seen within two seconds. */
  #current(now: number): Map<string, WindowCount> {
    const window = Math.floor(now / WINDOW_MS)
    if (window !== this.#window) {
      this.#previous = window === this.#window + 1 ? this.#counts : EMPTY
      this.#window = window
      this.#counts = new Map()
    }
    return this.#counts
  }
}

const EMPTY: ReadonlyMap<string, WindowCount> = new Map()

function usedOf(count: WindowCount): number {
  return Math.max(count.local, count.global + count.sending + count.unsent)
}
