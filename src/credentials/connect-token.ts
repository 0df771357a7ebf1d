// Connect tokens: what a platform's backend mints so its frontend can open the modal for one user.
// 256 random bits, stored as SHA-256 (no slow KDF: the secret is not guessable), expiring within an hour.
import { hashSecret } from '../crypto/index.js'
import { AppError } from '../errors.js'
import { randomToken } from '../ids.js'
import {
  findConnectTokenByHash,
  insertConnectToken,
  isForeignKeyViolation,
  type DB,
} from '../store/index.js'
import { requireApp, requireUser } from './create.js'
import type { CredentialDeps } from './deps.js'

export const CONNECT_TOKEN_DEFAULT_TTL = 1800
export const CONNECT_TOKEN_MAX_TTL = 3600

export interface ConnectSession {
  workspaceId: string
  userId: string
  /** The apps this token may connect; null = any app in the catalog. */
  apps: string[] | null
  expiresAt: string
  /** The token's SHA-256 (as stored): a handle that is not the secret, for per-token rate limiting. */
  tokenHash: string
}

export async function mintConnectToken(
  deps: Pick<CredentialDeps, 'db' | 'catalog' | 'now'>,
  workspaceId: string,
  input: { userId: string; apps?: string[]; ttlSeconds?: number },
): Promise<{ token: string; expiresAt: string }> {
  await requireUser(deps.db, workspaceId, input.userId)
  const apps = input.apps ? [...new Set(input.apps)] : null
  for (const app of apps ?? []) requireApp(deps, app)
  const ttl = Math.min(input.ttlSeconds ?? CONNECT_TOKEN_DEFAULT_TTL, CONNECT_TOKEN_MAX_TTL)
  try {
    return await storeConnectToken(
      deps.db,
      workspaceId,
      { userId: input.userId, apps, ttl },
      deps.now(),
    )
  } catch (error) {
    // The user was deleted since requireUser read it.
    if (isForeignKeyViolation(error))
      throw new AppError('user_not_found', `No user ${input.userId} in this workspace.`)
    throw error
  }
}

/**
 * Writes a fresh token for a user and apps the caller has already checked, in the caller's transaction (`db`):
 * the expiry transition mints its reconnect link this way, without reading the catalog.
 */
export async function storeConnectToken(
  db: DB,
  workspaceId: string,
  input: { userId: string; apps: string[] | null; ttl: number },
  now: Date,
): Promise<{ token: string; expiresAt: string }> {
  const expiresAt = new Date(now.getTime() + input.ttl * 1000).toISOString()
  // The token names its workspace after the random part (not secret, and covered by the hash like the rest), so
  // the embed script can tell the modal page whose frame-ancestors apply before the token reaches it.
  const token = `${randomToken('ct')}.${workspaceId}`
  await insertConnectToken(db, {
    hash: hashSecret(token),
    workspaceId,
    userId: input.userId,
    apps: input.apps ? JSON.stringify(input.apps) : null,
    expiresAt,
    createdAt: now.toISOString(),
  })
  return { token, expiresAt }
}

export type AuthenticateConnectToken = (token: string) => Promise<ConnectSession | null>

const MAX_CACHED = 10_000

/**
 * Resolves a connect token: one SHA-256 and one primary-key read, remembered for `ttlMs` (the modal calls a few
 * routes in a row). Expiry is checked on every call, cached or not.
 */
export function createConnectTokenAuthenticator(
  db: DB,
  options: { ttlMs: number; now: () => Date },
): AuthenticateConnectToken {
  const cache = new Map<string, { session: ConnectSession | null; until: number }>()
  return async (token) => {
    if (!token.startsWith('ct_') || token.length > 100) return null
    const hash = hashSecret(token)
    const now = options.now().getTime()
    let entry = cache.get(hash)
    if (!entry || entry.until <= now) {
      const row = await findConnectTokenByHash(db, hash)
      const session = row
        ? {
            workspaceId: row.workspaceId,
            userId: row.userId,
            apps: row.apps ? (JSON.parse(row.apps) as string[]) : null,
            expiresAt: row.expiresAt,
            tokenHash: hash,
          }
        : null
      if (cache.size >= MAX_CACHED) cache.clear()
      entry = { session, until: now + options.ttlMs }
      cache.set(hash, entry)
    }
    const session = entry.session
    return session && Date.parse(session.expiresAt) > now ? session : null
  }
}

/** The token's allow-list: an app outside it is refused as if the modal could not see it. */
export function requireAllowedApp(session: ConnectSession, appId: string): void {
  if (session.apps && !session.apps.includes(appId)) {
    throw new AppError(
      'app_not_allowed',
      'This connection link does not allow connecting that app.',
    )
  }
}
