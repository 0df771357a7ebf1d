import type { App } from '../catalog/index.js'
import type { CredentialSecret } from '../credentials/index.js'
import type { CredentialRow } from '../store/index.js'
import type { Injection } from './target.js'

/** A credential opened and its app's recipe filled with it: what a proxied request needs besides the row. */
export interface Opened {
  secret: CredentialSecret
  injection: Injection
}

/**
 * Opened credentials kept on this node for the proxy, so a burst of calls on one credential opens it once rather
 * than once per call. Each request still reads the credential's row (the indexed read): an entry is used only for
 * the very row version it was opened from, the same app recipe, and for at most `ttlMs` after it was opened. Every
 * change of the secret or the metadata bumps the row's version (updateCredentialIfVersion, markExpired), on any
 * node, so the next read misses and opens again; a deleted or expired row is refused by the read before the cache
 * is asked. Entries hold plaintext secrets: at most `entries` of them (oldest dropped first), each for at most
 * `ttlMs` on use (an unreferenced timer sweeps every `ttlMs` while any are held, so none outlives twice that and an
 * idle node keeps none); the node already holds the keyring that opens every credential, so this widens nothing a memory dump
 * would not give. `entries: 0` keeps nothing.
 */
export interface OpenedCache {
  get(row: CredentialRow, app: App): Opened | undefined
  put(row: CredentialRow, app: App, opened: Opened): void
  /** Entries held now (tests, metrics). */
  readonly size: number
}

interface Entry {
  version: number
  app: App
  at: number
  opened: Opened
}

export function createOpenedCache(limits: {
  entries: number
  ttlMs: number
  now?: () => number
}): OpenedCache {
  const entries = new Map<string, Entry>()
  const keyOf = (row: CredentialRow) => `${row.workspaceId}/${row.id}`
  const clock = limits.now ?? Date.now
  let sweeper: NodeJS.Timeout | null = null
  /** Entries are in the order they were opened: the stale ones are at the front. */
  const dropStale = (now: number) => {
    for (const [key, entry] of entries) {
      if (now - entry.at < limits.ttlMs) break
      entries.delete(key)
    }
    if (entries.size === 0 && sweeper) {
      clearInterval(sweeper)
      sweeper = null
    }
  }
  return {
    get(row, app) {
      const key = keyOf(row)
      const entry = entries.get(key)
      if (entry === undefined) return undefined
      if (entry.version === row.version && entry.app === app && clock() - entry.at < limits.ttlMs)
        return entry.opened
      entries.delete(key)
      return undefined
    },
    put(row, app, opened) {
      if (limits.entries <= 0) return
      const now = clock()
      const key = keyOf(row)
      entries.delete(key) // re-inserted last, so the oldest entry is always first
      while (entries.size >= limits.entries) entries.delete(entries.keys().next().value!)
      entries.set(key, { version: row.version, app, at: now, opened })
      sweeper ??= setInterval(() => dropStale(clock()), limits.ttlMs).unref()
    },
    get size() {
      return entries.size
    },
  }
}
