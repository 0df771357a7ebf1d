import type { Dispatcher } from 'undici'
import { createOpenedCache, type OpenedCache } from './opened.js'

/** The proxy's limits (KEYPORT_PROXY_* settings; see config.ts for the defaults). */
export interface ProxySettings {
  /** Largest request body sent on, in bytes; a larger one gets 413. */
  maxBodyBytes: number
  /** The whole exchange, from sending to the last byte of the answer, in milliseconds. */
  timeoutMs: number
  /** Proxied requests in flight per credential on this node; one more gets 429. */
  maxConcurrentPerCredential: number
  /**
   * Bodies up to this size are kept in memory so the request can be sent again (refresh-and-retry on 401,
   * `Keyport-Retry`); larger or unsized bodies are streamed and never replayed.
   */
  replayLimitBytes: number
  /** Total time Keyport may wait between retries asked for by `Keyport-Retry`. */
  maxRetryWaitMs: number
  /** Opened credentials kept on this node (see opened.ts); 0 opens the credential on every request. */
  openedCacheEntries: number
  /** How long an opened credential is used for at most before it is opened again. */
  openedCacheTtlMs: number
}

export const DEFAULT_PROXY_SETTINGS: ProxySettings = {
  maxBodyBytes: 10 * 1024 * 1024,
  timeoutMs: 60_000,
  maxConcurrentPerCredential: 20,
  replayLimitBytes: 64 * 1024,
  maxRetryWaitMs: 10_000,
  openedCacheEntries: 1000,
  openedCacheTtlMs: 60_000,
}

/** What one node's proxy keeps between requests: its outbound dispatcher, limits, and counters in memory. */
export interface ProxyRuntime {
  /** The guarded outbound client's dispatcher: every proxied request goes through it. */
  dispatcher: Dispatcher
  settings: ProxySettings
  /** Credentials opened and filled into their recipe, per row version (opened.ts). */
  opened: OpenedCache
  /** Takes a slot for the credential, or returns null when it has `maxConcurrentPerCredential` in flight. */
  acquire(key: string): (() => void) | null
  /** True when no re-check of this credential after a 401 ran in the last minute (then counts this one). */
  recheckDue(key: string, now: number): boolean
  /** Background work (re-checks after a 401) started by proxied requests. */
  track(work: Promise<unknown>): void
  /** Resolves once the background work started so far has ended (shutdown, tests). */
  settle(): Promise<void>
}

const RECHECK_EVERY_MS = 60_000

export function createProxyRuntime(options: {
  dispatcher: Dispatcher
  settings?: Partial<ProxySettings>
}): ProxyRuntime {
  const settings = { ...DEFAULT_PROXY_SETTINGS, ...options.settings }
  const inFlight = new Map<string, number>()
  const rechecked = new Map<string, number>()
  const background = new Set<Promise<unknown>>()
  return {
    dispatcher: options.dispatcher,
    settings,
    opened: createOpenedCache({
      entries: settings.openedCacheEntries,
      ttlMs: settings.openedCacheTtlMs,
    }),
    acquire(key) {
      const count = inFlight.get(key) ?? 0
      if (count >= settings.maxConcurrentPerCredential) return null
      inFlight.set(key, count + 1)
      let released = false
      return () => {
        if (released) return
        released = true
        const left = (inFlight.get(key) ?? 1) - 1
        if (left === 0) inFlight.delete(key)
        else inFlight.set(key, left)
      }
    },
    recheckDue(key, now) {
      const last = rechecked.get(key)
      if (last !== undefined && now - last < RECHECK_EVERY_MS) return false
      if (rechecked.size > 10_000) rechecked.clear()
      rechecked.set(key, now)
      return true
    },
    track(work) {
      const settled = work.catch(() => undefined).finally(() => background.delete(settled))
      background.add(settled)
    },
    async settle() {
      while (background.size > 0) await Promise.all([...background])
    },
  }
}
