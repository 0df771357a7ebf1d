import { openJSON } from '../crypto/index.js'
import { verifyCredentials } from './verify.js'
import { verificationSigner } from './verification-signer.js'
import { signingSecrets } from './signing.js'
import type { App } from '../catalog/index.js'
import { claimCheck, findCredentialSecret, recordCheck, type SweepRow } from '../store/index.js'
import { auditNow } from './activity.js'
import type { Actor, CredentialDeps } from './deps.js'
import { expireCredential, type ExpiryReason } from './expire.js'
import { requireCredential } from './manage.js'
import { refusalNotTheCredential, refusalReader } from './oauth1-refusal.js'
import type { Refresher } from './refresh.js'
import {
  credentialSecretContext,
  credentialTemplateValues,
  type CredentialSecret,
} from './secret.js'

/** Key checks failing for network/5xx reasons this long → expired with reason provider_unreachable. */
export const CHECK_FAILURE_BOUND_MS = 3 * 86_400_000
const DAY_SECONDS = 86_400

export interface CheckResult {
  credentialId: string
  status: 'active' | 'expired'
  /**
   * valid: the app accepted it · refreshed: a new access token was obtained · expired: it is expired (now or
   * before) · unavailable: nothing was proven about the credential (the provider could not be reached, or it refused
   * the workspace's client: OAuth 2.0 invalid_client, an OAuth 1.0a consumer), it stays active · unchecked: the app
   * declares no way to check it.
   */
  outcome: 'valid' | 'refreshed' | 'expired' | 'unavailable' | 'unchecked'
  reason: string | null
  checkedAt: string
}

export type CheckDeps = CredentialDeps & { refresher: Refresher }

/** When the next scheduled check runs: the app's interval, ±10 % so keys created together drift apart. */
export function nextCheckAt(
  app: App | null,
  now: Date,
  random: () => number = Math.random,
): string {
  const declared = app && 'checkIntervalSeconds' in app.auth ? app.auth.checkIntervalSeconds : null
  const interval = (declared ?? DAY_SECONDS) * 1000
  return new Date(now.getTime() + interval * (0.9 + 0.2 * random())).toISOString()
}

function failureBackoff(failures: number, now: Date): string {
  const ms = Math.min(60_000 * 2 ** Math.max(0, failures - 1), 6 * 3_600_000)
  return new Date(now.getTime() + ms * (0.8 + 0.4 * Math.random())).toISOString()
}

/**
 * Checks one credential now. OAuth: a forced refresh (invalid_grant → expired); minting schemes: a forced mint
 * (a refused client secret or key → expired). Keys and OAuth 1.0a tokens: the app's verification request (rejected →
 * expired, unless OAuth 1.0a's oauth_problem blames the workspace's consumer or the request: oauth1-refusal.ts). Network errors and 5xx are never expiry; they are counted, and only after
 * CHECK_FAILURE_BOUND_MS of failing does a key expire, with reason provider_unreachable. `reported` is the
 * platform saying its integration got a 401: when nothing can prove the credential still works, it expires.
 */
export async function runCheck(
  deps: CheckDeps,
  row: SweepRow,
  options: { reported?: boolean } = {},
): Promise<CheckResult> {
  const now = deps.now()
  const result = (
    outcome: CheckResult['outcome'],
    reason: string | null = null,
    status: CheckResult['status'] = 'active',
  ) => ({
    credentialId: row.id,
    status,
    outcome,
    reason,
    checkedAt: now.toISOString(),
  })
  const expire = async (reason: ExpiryReason) => {
    await expireCredential(deps, row, reason, now)
    return result('expired', reason, 'expired')
  }
  const app = deps.catalog.get(row.app)

  // A minting credential is checked by minting: the provider accepting the secret or key is the proof.
  const byRefreshing = async (): Promise<CheckResult> => {
    const outcome = await deps.refresher.refresh(row.workspaceId, row.id, { force: true })
    if (outcome.kind === 'refreshed') return result('refreshed')
    if (outcome.kind === 'expired') return result('expired', outcome.reason, 'expired')
    if (outcome.kind === 'not_found') return result('expired', null, 'expired')
    if (outcome.kind === 'unavailable') return result('unavailable', outcome.reason)
    // 'fresh' after force: no refresh token. A reported token is checked with the app's verification where it
    // declares one (a 401 from one endpoint is not proof: the "current user" request decides).
    if (options.reported && app?.verification && outcome.secret.kind === 'oauth2') {
      const values = credentialTemplateValues(
        outcome.secret,
        JSON.parse(outcome.row.metadata) as Record<string, unknown>,
      )
      const verdict = await verifyCredentials(deps.fetch, app.verification, values)
      if (verdict.outcome === 'valid') return result('valid')
      if (verdict.outcome === 'rejected') return expire('reported_invalid')
      return result('unavailable', `${app.name} ${verdict.reason}`)
    }
    return options.reported ? expire('reported_invalid') : result('unchecked')
  }
  if (row.type === 'oauth2' || app?.minted) return byRefreshing()

  const stored = await findCredentialSecret(deps.db, row.workspaceId, row.id)
  if (!stored) return result('expired', null, 'expired')
  if (stored.status === 'expired') return result('expired', stored.expiredReason, 'expired')
  const secret = openJSON<CredentialSecret>(
    deps.keyring,
    stored.secretSealed,
    credentialSecretContext(row.workspaceId, row.id),
  )
  // AWS SigV4 with a role mints (STS AssumeRole) per credential, not per app: minting is its check too.
  if (secret.kind === 'minted') return byRefreshing()
  if (!app?.verification) return options.reported ? expire('reported_invalid') : result('unchecked')
  if (secret.kind !== 'fields' && secret.kind !== 'oauth1') return result('unchecked')
  // Typed fields as they are; OAuth 1.0a token credentials with the workspace's consumer secret.
  const values =
    secret.kind === 'fields'
      ? secret.fields
      : {
          ...credentialTemplateValues(secret, {}),
          ...(await signingSecrets(deps, row.workspaceId, app, secret)),
        }
  const verdict = await verifyCredentials(deps.fetch, app.verification, values, {
    sign: verificationSigner(deps, app, values),
    problemOf: refusalReader(app),
  })
  const at = now.toISOString()
  if (verdict.outcome === 'valid') {
    await recordCheck(deps.db, row.workspaceId, row.id, {
      lastCheckedAt: at,
      failureCount: 0,
      failingSince: null,
    })
    return result('valid')
  }
  if (verdict.outcome === 'rejected') {
    const notTheCredential = refusalNotTheCredential(app, secret, verdict.problem ?? null)
    if (notTheCredential === null) return expire('verification_rejected')
    // The workspace's OAuth client or Keyport's request: counted and retried with backoff like a failure, but it
    // says nothing about the user's credential, so it never counts towards expiry (failingSince stays).
    await recordCheck(deps.db, row.workspaceId, row.id, {
      lastCheckedAt: at,
      failureCount: row.failureCount + 1,
      failingSince: row.failingSince,
      nextCheckAt: failureBackoff(row.failureCount + 1, now),
    })
    return result('unavailable', notTheCredential)
  }
  if (verdict.outcome === 'refused') {
    // The host now resolves to a non-public address (or the operator stopped trusting it): we could not verify,
    // which says nothing about the key, so it never counts towards expiry.
    await recordCheck(deps.db, row.workspaceId, row.id, {
      lastCheckedAt: at,
      failureCount: row.failureCount,
      failingSince: row.failingSince,
      nextCheckAt: nextCheckAt(app, now),
    })
    return result(
      'unavailable',
      `${app.name} could not be verified: its host is at a non-public address Keyport may not call`,
    )
  }
  const failingSince = row.failingSince ?? at
  if (now.getTime() - Date.parse(failingSince) >= CHECK_FAILURE_BOUND_MS)
    return expire('provider_unreachable')
  await recordCheck(deps.db, row.workspaceId, row.id, {
    lastCheckedAt: at,
    failureCount: row.failureCount + 1,
    failingSince,
    nextCheckAt: failureBackoff(row.failureCount + 1, now),
  })
  return result('unavailable', `${app.name} ${verdict.reason}`)
}

/** POST /v1/credentials/{id}/check and /report-invalid. */
export async function checkCredential(
  deps: CheckDeps,
  actor: Actor,
  id: string,
  options: { reported?: boolean } = {},
): Promise<CheckResult> {
  const row = await requireCredential(deps.db, actor.workspaceId, id)
  await auditNow(
    deps.db,
    {
      ...actor,
      action: options.reported ? 'credential.report_invalid' : 'credential.check',
      target: id,
      userId: row.userId,
    },
    deps.now(),
  )
  if (row.status === 'expired') {
    return {
      credentialId: id,
      status: 'expired',
      outcome: 'expired',
      reason: row.expiredReason,
      checkedAt: deps.now().toISOString(),
    }
  }
  return runCheck(deps, row, options)
}

/**
 * The scheduled health check of one due key: claimed by moving next_check_at forward (compare-and-set), so with
 * N nodes exactly one runs it; then checked like POST …/check.
 */
export async function runScheduledCheck(
  deps: CheckDeps,
  row: SweepRow,
): Promise<CheckResult | null> {
  const now = deps.now()
  if (
    !(await claimCheck(
      deps.db,
      row.workspaceId,
      row.id,
      row.nextCheckAt!,
      nextCheckAt(deps.catalog.get(row.app), now),
    ))
  )
    return null
  return runCheck(deps, row)
}
