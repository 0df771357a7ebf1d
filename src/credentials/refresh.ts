// The single flight every token renewal runs under (an OAuth 2.0 refresh, refresh-oauth2.ts; a scheme's mint,
// refresh-mint.ts): one renewal per credential in the process and, on PostgreSQL, across nodes; the failure sorted
// into refused (expire) or passing (count and back off); the new secret written with a version check.
import { openJSON } from '../crypto/index.js'
import { AppError } from '../errors.js'
import { OAuthResponseError } from '../oauth/index.js'
import {
  findCredential,
  findCredentialForUpdate,
  recordRefreshFailure,
  updateCredentialIfVersion,
  type CredentialRow,
  type DB,
} from '../store/index.js'
import type { CredentialDeps } from './deps.js'
import { expireCredential, markExpired, type ExpiryReason } from './expire.js'
import type { EnsureFresh } from './read-secret.js'
import { planMint } from './refresh-mint.js'
import { planOAuth2Refresh } from './refresh-oauth2.js'
import type { Planner, RenewalPlan } from './refresh-plan.js'
import { hasFreshToken, refreshMarginSeconds } from './freshness.js'
import { credentialSecretContext, currentAccessToken, type CredentialSecret } from './secret.js'

/** Refresh failing for network/5xx reasons this long, with the access token already expired → provider_unreachable. */
export const REFRESH_FAILURE_BOUND_MS = 24 * 3_600_000

export type RefreshOutcome =
  | { kind: 'fresh' | 'refreshed'; row: CredentialRow; secret: CredentialSecret }
  | { kind: 'expired'; row: CredentialRow | null; reason: string | null }
  | { kind: 'unavailable'; row: CredentialRow; secret: CredentialSecret; reason: string }
  | { kind: 'not_found' }

/**
 * How each kind of secret is renewed. Typed fields have nothing to renew, and OAuth 1.0a token credentials last until
 * revoked: no entry, the stored secret is the answer.
 */
const PLANNERS: {
  [Kind in CredentialSecret['kind']]?: Planner<Extract<CredentialSecret, { kind: Kind }>>
} = { oauth2: planOAuth2Refresh, minted: planMint }

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
 * single flight and the version check guards the write. What to ask the provider and what to store is the plan of
 * the secret's kind (PLANNERS); carrying it out is the same for all of them.
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
    const planner = PLANNERS[secret.kind] as Planner<CredentialSecret> | undefined
    if (!app || !planner) return { kind: 'fresh', row, secret }
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
    return carryOut(db, row, secret, await planner(deps, { db, row, secret, app, now }), now)
  }

  /** Asks the provider as planned: a refusal expires the credential, any other failure backs off. */
  async function carryOut(
    db: DB,
    row: CredentialRow,
    secret: CredentialSecret,
    plan: RenewalPlan,
    now: Date,
  ): Promise<RefreshOutcome> {
    if ('settle' in plan) {
      if (plan.settle === 'fresh') return { kind: 'fresh', row, secret }
      if (plan.settle === 'fail') return failed(db, row, secret, plan.reason, now)
      return expireIn(db, row, plan.reason, now)
    }
    let answer: unknown
    try {
      answer = await plan.ask()
    } catch (error) {
      if (!plan.refusal.is(error)) return failed(db, row, secret, transientReason(error), now)
      deps.metrics.refresh(plan.refusal.metric)
      return expireIn(db, row, plan.refusal.reason, now)
    }
    deps.metrics.refresh('refreshed')
    const { changes, next } = plan.saved(answer)
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
      return expireIn(db, row, 'provider_unreachable', now)
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
  ): Promise<RefreshOutcome> {
    if (db === deps.db) await expireCredential(deps, row, reason, now)
    // On PostgreSQL this counts just before the locking transaction commits, which is its very next step.
    else if (await markExpired(db, row, reason, { now, publicURL: deps.publicURL }))
      deps.metrics.credentialExpired(reason)
    return { kind: 'expired', row, reason }
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
