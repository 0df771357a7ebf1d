import { hashSecret, hashesEqual } from '../crypto/index.js'
import { findApiKeyByHash, touchApiKey, type DB } from '../store/index.js'

export type Authenticate = (apiKey: string) => Promise<string | null>

interface CacheEntry {
  workspaceId: string | null
  until: number
}

const MAX_ENTRIES = 10_000
/** A key's lastUsedAt (GET /v1/api-keys) moves at most this often: not a write per request. */
const TOUCH_EVERY_MS = 60_000

/**
 * Resolves an API key to its workspace: one SHA-256 and one unique-index read, remembered for `ttlMs` so a busy
 * integration does not pay the read on every call. A revocation takes effect within `ttlMs`. The key's lastUsedAt
 * is written at most once a minute (on a cache miss whose row shows an older time).
 */
export function createApiKeyAuthenticator(
  db: DB,
  options: { ttlMs: number; now?: () => number },
): Authenticate {
  const now = options.now ?? Date.now
  const cache = new Map<string, CacheEntry>()
  return async (apiKey) => {
    if (!apiKey.startsWith('kp_') || apiKey.length > 100) return null
    const hash = hashSecret(apiKey)
    const cached = cache.get(hash)
    if (cached && cached.until > now()) return cached.workspaceId
    const row = await findApiKeyByHash(db, hash)
    const workspaceId =
      row && row.revokedAt === null && hashesEqual(row.hash, hash) ? row.workspaceId : null
    const at = now()
    if (workspaceId && !(row!.lastUsedAt && Date.parse(row!.lastUsedAt) > at - TOUCH_EVERY_MS))
      await touchApiKey(db, hash, new Date(at).toISOString())
    if (cache.size >= MAX_ENTRIES) cache.clear()
    cache.set(hash, { workspaceId, until: now() + options.ttlMs })
    return workspaceId
  }
}
