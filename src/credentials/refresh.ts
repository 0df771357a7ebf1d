import { sealJSON, openJSON } from '../crypto/index.js'
import { AppError } from '../errors.js'
import {
  accessTokenExtension,
  OAuthResponseError,
  refreshAccessToken,
  type RefreshGrant,
  type TokenResult,
} from '../oauth/index.js'
import {
  findCredential,
  findCredentialForUpdate,
  recordRefreshFailure,
  updateCredentialIfVersion,
  type CredentialRow,
  type DB,
} from '../store/index.js'
import type { App, OAuth2Recipe } from '../catalog/index.js'
import type { CredentialDeps } from './deps.js'
import { expireCredential, markExpired, type ExpiryReason } from './expire.js'
import { loadOAuthClient } from './oauth-client.js'
import type { EnsureFresh } from './read-secret.js'
import { credentialSecretContext, currentAccessToken, type CredentialSecret } from './secret.js'
import { authScheme, CredentialRejected, type MintedToken } from '../auth-schemes/index.js'
import { nextCheckAt } from './check.js'

/** Refresh this long before the access token expires unless the app says otherwise. */
export const DEFAULT_REFRESH_MARGIN_SECONDS = 300
/** Refresh failing for network/5xx reasons this long, with the access token already expired → provider_unreachable. */
export const REFRESH_FAILURE_BOUND_MS = 24 * 3_600_000

export type RefreshOutcome =
  | { kind: 'fresh' | 'refreshed'; row: CredentialRow; secret: CredentialSecret }
  | { kind: 'expired'; row: CredentialRow | null; reason: string | null }
  | { kind: 'unavailable'; row: CredentialRow; secret: CredentialSecret; reason: string }
  | { kind: 'not_found' }

type OAuthSecret = Extract<CredentialSecret, { kind: 'oauth2' }>
type MintedSecret = Extract<CredentialSecret, { kind: 'minted' }>

export function refreshMarginSeconds(app: App | null | undefined): number {
  return (
    app?.oauth?.refresh.marginSeconds ??
    app?.minted?.marginSeconds ??
    DEFAULT_REFRESH_MARGIN_SECONDS
  )
}

/** True while the secret holds a token good for longer than the margin (typed fields always are). */
function hasFreshToken(
  row: Pick<CredentialRow, 'expiresAt'>,
  secret: CredentialSecret,
  marginSeconds: number,
  now: Date,
): boolean {
  if (secret.kind === 'fields') return true
  if (secret.kind === 'minted' && secret.token === null) return false
  return isFresh(row, marginSeconds, now)
}

/** True while the access token is good for longer than the margin (or has no known expiry). */
export function isFresh(
  row: Pick<CredentialRow, 'expiresAt'>,
  marginSeconds: number,
  now: Date,
): boolean {
  return row.expiresAt === null || Date.parse(row.expiresAt) - now.getTime() > marginSeconds * 1000
}

/**
 * What a refresh sends: the refresh token (RFC 6749 §6), or, where the recipe's quirk extends the access token
 * itself (Instagram), that token once it is old enough and still alive. Null when there is nothing to send now.
 */
function refreshGrant(
  row: Pick<CredentialRow, 'expiresAt' | 'updatedAt'>,
  secret: OAuthSecret,
  recipe: OAuth2Recipe,
  now: Date,
): RefreshGrant | null {
  if (secret.refreshToken)
    return recipe.refresh.supported ? { refreshToken: secret.refreshToken } : null
  const extension = accessTokenExtension(recipe.quirks)
  if (!extension) return null
  // Without obtainedAt (an imported token) the row's last write is the latest the token can have been issued.
  const age = now.getTime() - Date.parse(secret.obtainedAt ?? row.updatedAt)
  const alive = row.expiresAt === null || Date.parse(row.expiresAt) > now.getTime()
  return alive && age >= extension.minimumAgeSeconds * 1000
    ? { refreshToken: null, accessToken: secret.accessToken }
    : null
}

/** Why a refresh or a mint failed for a reason that may pass: the provider's OAuth error code, or the error's message. */
function transientReason(error: unknown): string {
  return error instanceof OAuthResponseError
    ? `provider answered ${error.error}`
    : (error as Error).message
}

/** Backoff for a refresh that failed for a transient reason: 30 s doubling to an hour, ±20 %. */
function retryAt(failures: number, now: Date): string {
  const base = Math.min(30_000 * 2 ** Math.max(0, failures - 1), 3_600_000)
  return new Date(now.getTime() + base * (0.8 + 0.4 * Math.random())).toISOString()
}

export interface RefreshOptions {
  force?: boolean
  aheadSeconds?: number
  /**
   * The access token a provider just answered 401 to (the proxy): refresh unless the stored token is already
   * another one, so many callers rejected at once, on any node, cause one token request between them.
   */
  rejectedAccessToken?: string
}

export interface Refresher {
  /** The hook GET /v1/credentials/{id}/secret calls: refreshes when within the margin, else returns at once. */
  ensureFresh: EnsureFresh
  /**
   * Refresh now (the sweep, POST …/check). `force` refreshes even a fresh token; `aheadSeconds` widens the margin
   * (the sweep refreshes a little before readers would have to). Single flight.
   */
  refresh(workspaceId: string, id: string, options?: RefreshOptions): Promise<RefreshOutcome>
}

/**
 * Token refresh, single flight across requests and nodes.
 *
 * In the process, concurrent callers for one credential share one promise. Across nodes on PostgreSQL, the refresh
 * runs inside a transaction holding the credential's row lock (SELECT … FOR UPDATE): a second node blocks on the
 * lock, then re-reads the row, finds it fresh and returns it without asking the provider. The new tokens are saved
 * with a version check in that same transaction. On SQLite (one node by design) the in-process coalescing is the
 * single flight and the version check guards the write.
 *
 * The crash window, and what we chose: between the provider answering and the COMMIT, the new tokens exist only in
 * this process. If it dies there (kill -9, OOM, power), the transaction rolls back and the lock is released. For a
 * provider that does not rotate refresh tokens nothing is lost: the stored refresh token still works and the next
 * reader refreshes again. For a rotating provider the stored refresh token has been used up; the next refresh gets
 * `invalid_grant`, and the credential is marked expired with reason `refresh_rejected` and announced by
 * credential.expired (exactly once), so the platform asks the user to reconnect. We keep that window as short as
 * we can (the save is the very next statement, nothing else runs in between) rather than write plaintext tokens
 * anywhere before sealing, and we never silently drop a credential: it is either refreshed or announced expired.
 */
export function createRefresher(deps: CredentialDeps): Refresher {
  const inFlight = new Map<string, Promise<RefreshOutcome>>()

  function refresh(
    workspaceId: string,
    id: string,
    options: RefreshOptions = {},
  ): Promise<RefreshOutcome> {
    const key = `${workspaceId}/${id}`
    const running = inFlight.get(key)
    if (running) return running
    const started = runLocked(workspaceId, id, options).finally(() => inFlight.delete(key))
    inFlight.set(key, started)
    return started
  }

  async function runLocked(
    workspaceId: string,
    id: string,
    options: RefreshOptions,
  ): Promise<RefreshOutcome> {
    if (deps.dialect === 'postgres') {
      return deps.db.transaction().execute(async (trx) => {
        const row = await findCredentialForUpdate(trx, workspaceId, id)
        return refreshRow(trx, row, options)
      })
    }
    return refreshRow(deps.db, await findCredential(deps.db, workspaceId, id), options)
  }

  /** Runs with the row locked (PostgreSQL) or as the process's only refresher of this row (SQLite). */
  async function refreshRow(
    db: DB,
    row: CredentialRow | null,
    options: RefreshOptions,
  ): Promise<RefreshOutcome> {
    if (!row) return { kind: 'not_found' }
    if (row.status === 'expired') return { kind: 'expired', row, reason: row.expiredReason }
    const now = deps.now()
    const secret = openJSON<CredentialSecret>(
      deps.keyring,
      row.secretSealed,
      credentialSecretContext(row.workspaceId, row.id),
    )
    const app = deps.catalog.get(row.app)
    // Typed fields have nothing to renew; a minted token is renewed by its scheme (AWS SigV4 apps mint only for
    // credentials with a role, so the app alone does not say it).
    // OAuth 1.0a token credentials have nothing to refresh: they last until revoked.
    if (
      !app ||
      secret.kind === 'fields' ||
      secret.kind === 'oauth1' ||
      (secret.kind === 'oauth2' && !app.oauth)
    )
      return { kind: 'fresh', row, secret }
    const rejected = options.rejectedAccessToken
    if (rejected !== undefined && currentAccessToken(secret)?.accessToken !== rejected)
      return { kind: 'fresh', row, secret } // someone refreshed since: that token is the answer
    if (
      !options.force &&
      rejected === undefined &&
      hasFreshToken(row, secret, refreshMarginSeconds(app) + (options.aheadSeconds ?? 0), now)
    ) {
      return { kind: 'fresh', row, secret }
    }
    if (secret.kind === 'minted') return mint(db, row, secret, app, now)
    if (!app.oauth) return { kind: 'fresh', row, secret }
    const grant = refreshGrant(row, secret, app.oauth, now)
    // Nothing to refresh with (no refresh token, or a token its provider will not extend yet or any more): a dead
    // token expires the credential, a live one is handed out as it is.
    if (!grant) {
      if (row.expiresAt !== null && Date.parse(row.expiresAt) <= now.getTime()) {
        await expireIn(db, row, 'access_token_expired', now)
        return { kind: 'expired', row, reason: 'access_token_expired' }
      }
      return { kind: 'fresh', row, secret }
    }
    const client = await loadOAuthClient({ db, keyring: deps.keyring }, row.workspaceId, row.app)
    if (!client)
      return failed(db, row, secret, 'the OAuth client for this app is not configured', now)

    let tokens: TokenResult
    try {
      tokens = await refreshAccessToken({
        recipe: app.oauth,
        client,
        connection: secret.connection,
        ...grant,
        fetch: deps.fetch,
        now: deps.now,
      })
    } catch (error) {
      // Only invalid_grant means the grant is gone (RFC 6749 §5.2); invalid_client and the like are the
      // platform's client configuration, and network errors or 5xx say nothing about this credential.
      if (error instanceof OAuthResponseError && error.error === 'invalid_grant') {
        deps.metrics.refresh('invalid_grant')
        await expireIn(db, row, 'refresh_rejected', now)
        return { kind: 'expired', row, reason: 'refresh_rejected' }
      }
      return failed(db, row, secret, transientReason(error), now)
    }
    deps.metrics.refresh('refreshed')
    return save(db, row, secret, tokens, app, now)
  }

  async function save(
    db: DB,
    row: CredentialRow,
    secret: OAuthSecret,
    tokens: TokenResult,
    app: App,
    now: Date,
  ): Promise<RefreshOutcome> {
    const at = now.toISOString()
    const next: OAuthSecret = {
      ...secret,
      accessToken: tokens.accessToken,
      tokenType: tokens.tokenType,
      // Keep the rotated refresh token; null means the provider kept the old one.
      refreshToken: tokens.refreshToken ?? secret.refreshToken,
      scope: tokens.scope ?? secret.scope,
      idToken: tokens.idToken ?? secret.idToken,
      obtainedAt: at,
    }
    const lifetime = app.oauth?.refresh.refreshTokenLifetimeSeconds
    const refreshExpiresAt =
      lifetime && tokens.refreshToken
        ? new Date(now.getTime() + lifetime * 1000).toISOString()
        : row.refreshExpiresAt
    const changes = {
      secretSealed: sealJSON(deps.keyring, next, credentialSecretContext(row.workspaceId, row.id)),
      expiresAt: tokens.expiresAt,
      refreshExpiresAt,
      // A new refresh-token lifetime deserves a new advance warning.
      expiringNotifiedAt: refreshExpiresAt !== row.refreshExpiresAt ? null : row.expiringNotifiedAt,
      metadata: Object.keys(tokens.metadata).length
        ? JSON.stringify({ ...(JSON.parse(row.metadata) as object), ...tokens.metadata })
        : row.metadata,
      lastRefreshedAt: at,
      updatedAt: at,
      failureCount: 0,
      failingSince: null,
      nextCheckAt: null,
    }
    return saveIfVersion(db, row, changes, next)
  }

  /**
   * A new token from the stored client secret or key (src/auth-schemes), under the same single flight as a
   * refresh. A refused credential expires (mint_rejected); anything else is a transient failure with backoff.
   */
  async function mint(
    db: DB,
    row: CredentialRow,
    secret: MintedSecret,
    app: App,
    now: Date,
  ): Promise<RefreshOutcome> {
    const scheme = authScheme(app.authType)
    if (!scheme.mint) return failed(db, row, secret, `${app.name} does not mint tokens`, now)
    let token: MintedToken
    try {
      token = await scheme.mint({ app, values: secret.fields, fetch: deps.fetch, now: deps.now })
    } catch (error) {
      if (error instanceof CredentialRejected) {
        deps.metrics.refresh('rejected')
        await expireIn(db, row, 'mint_rejected', now)
        return { kind: 'expired', row, reason: 'mint_rejected' }
      }
      return failed(db, row, secret, transientReason(error), now)
    }
    deps.metrics.refresh('refreshed')
    const at = now.toISOString()
    const next: MintedSecret = { ...secret, token: { values: token.values, obtainedAt: at } }
    const changes = {
      secretSealed: sealJSON(deps.keyring, next, credentialSecretContext(row.workspaceId, row.id)),
      expiresAt: token.expiresAt,
      metadata: Object.keys(token.metadata).length
        ? JSON.stringify({ ...(JSON.parse(row.metadata) as object), ...token.metadata })
        : row.metadata,
      lastRefreshedAt: at,
      updatedAt: at,
      failureCount: 0,
      failingSince: null,
      // A successful mint is a successful check: the next scheduled one moves out by a full interval.
      nextCheckAt: nextCheckAt(app, now),
    }
    return saveIfVersion(db, row, changes, next)
  }

  /** Writes new tokens unless the row changed since it was read; then whatever is stored now is the answer. */
  async function saveIfVersion(
    db: DB,
    row: CredentialRow,
    changes: Partial<CredentialRow>,
    next: CredentialSecret,
  ): Promise<RefreshOutcome> {
    if (await updateCredentialIfVersion(db, row.workspaceId, row.id, row.version, changes)) {
      return {
        kind: 'refreshed',
        row: { ...row, ...changes, version: row.version + 1 },
        secret: next,
      }
    }
    // Someone else wrote the row meanwhile (a reconnect): theirs wins; hand out what is stored now.
    const current = await findCredential(db, row.workspaceId, row.id)
    if (!current) return { kind: 'not_found' }
    if (current.status === 'expired')
      return { kind: 'expired', row: current, reason: current.expiredReason }
    return {
      kind: 'fresh',
      row: current,
      secret: openJSON<CredentialSecret>(
        deps.keyring,
        current.secretSealed,
        credentialSecretContext(row.workspaceId, row.id),
      ),
    }
  }

  /** A transient failure: count it, back off, and after the bounded period with a dead token, expire. */
  async function failed(
    db: DB,
    row: CredentialRow,
    secret: CredentialSecret,
    reason: string,
    now: Date,
  ): Promise<RefreshOutcome> {
    deps.metrics.refresh('failed')
    const failingSince = row.failingSince ?? now.toISOString()
    const tokenDead = row.expiresAt !== null && Date.parse(row.expiresAt) <= now.getTime()
    if (tokenDead && now.getTime() - Date.parse(failingSince) >= REFRESH_FAILURE_BOUND_MS) {
      await expireIn(db, row, 'provider_unreachable', now)
      return { kind: 'expired', row, reason: 'provider_unreachable' }
    }
    await recordRefreshFailure(db, row, {
      failureCount: row.failureCount + 1,
      failingSince,
      nextCheckAt: retryAt(row.failureCount + 1, now),
    })
    return { kind: 'unavailable', row, secret, reason }
  }

  /** On PostgreSQL we are already in the locking transaction; on SQLite the transition gets its own. */
  async function expireIn(
    db: DB,
    row: CredentialRow,
    reason: ExpiryReason,
    now: Date,
  ): Promise<void> {
    if (db === deps.db) {
      await expireCredential(deps, row, reason, now)
      return
    }
    // On PostgreSQL this counts just before the locking transaction commits, which is its very next step.
    if (await markExpired(db, row, reason, { now, publicURL: deps.publicURL }))
      deps.metrics.credentialExpired(reason)
  }

  const ensureFresh: EnsureFresh = async (row, secret) => {
    const now = deps.now()
    if (hasFreshToken(row, secret, refreshMarginSeconds(deps.catalog.get(row.app)), now))
      return { row, secret }
    const outcome = await refresh(row.workspaceId, row.id)
    switch (outcome.kind) {
      case 'fresh':
      case 'refreshed':
        return { row: outcome.row, secret: outcome.secret }
      case 'not_found':
        throw new AppError('credential_not_found', `No credential ${row.id} in this workspace.`)
      case 'expired':
        throw new AppError(
          'credential_expired',
          'This credential has expired; ask the user to reconnect it through the modal.',
        )
      case 'unavailable':
        // Inside the margin but not yet expired: the current token still works.
        if (row.expiresAt !== null && Date.parse(row.expiresAt) > now.getTime())
          return { row, secret }
        throw new AppError(
          'upstream_unavailable',
          `The access token expired and ${row.app} could not be reached to refresh it; try again shortly.`,
        )
    }
  }

  return { ensureFresh, refresh }
}
