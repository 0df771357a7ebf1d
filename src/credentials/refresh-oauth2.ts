// The OAuth 2.0 half of the refresher: what a refresh sends (RFC 6749 §6, or an extended access token), with the
// workspace's client, and what it stores from the answer. The single flight, the backoff and the write are
// refresh.ts's.
import { sealJSON } from '../crypto/index.js'
import type { App, OAuth2Recipe } from '../catalog/index.js'
import {
  accessTokenExtension,
  OAuthResponseError,
  refreshAccessToken,
  type RefreshGrant,
  type TokenResult,
} from '../oauth/index.js'
import type { CredentialRow } from '../store/index.js'
import type { CredentialDeps } from './deps.js'
import { loadOAuthClient } from './oauth-client.js'
import {
  mergedMetadata,
  type Renewal,
  type RenewalInput,
  type RenewalPlan,
} from './refresh-plan.js'
import { credentialSecretContext, type CredentialSecret } from './secret.js'

type OAuthSecret = Extract<CredentialSecret, { kind: 'oauth2' }>

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

// Only invalid_grant means the grant is gone (RFC 6749 §5.2); invalid_client and the like are the platform's client
// configuration, and network errors or 5xx say nothing about this credential.
const GRANT_REFUSED: Renewal<TokenResult>['refusal'] = {
  is: (error) => error instanceof OAuthResponseError && error.error === 'invalid_grant',
  metric: 'invalid_grant',
  reason: 'refresh_rejected',
}

export async function planOAuth2Refresh(
  deps: CredentialDeps,
  { db, row, secret, app, now }: RenewalInput<OAuthSecret>,
): Promise<RenewalPlan> {
  if (!app.oauth) return { settle: 'fresh' }
  const recipe = app.oauth
  const grant = refreshGrant(row, secret, recipe, now)
  // Nothing to refresh with (no refresh token, or a token its provider will not extend yet or any more): a dead
  // token expires the credential, a live one is handed out as it is.
  if (!grant) {
    return row.expiresAt !== null && Date.parse(row.expiresAt) <= now.getTime()
      ? { settle: 'expire', reason: 'access_token_expired' }
      : { settle: 'fresh' }
  }
  const client = await loadOAuthClient({ db, keyring: deps.keyring }, row.workspaceId, row.app)
  if (!client) return { settle: 'fail', reason: 'the OAuth client for this app is not configured' }
  const renewal: Renewal<TokenResult> = {
    ask: () =>
      refreshAccessToken({
        recipe,
        client,
        connection: secret.connection,
        ...grant,
        fetch: deps.fetch,
        now: deps.now,
      }),
    refusal: GRANT_REFUSED,
    saved: (tokens) => refreshedParts(deps, { row, secret, app, now }, tokens),
  }
  return renewal
}

function refreshedParts(
  deps: CredentialDeps,
  { row, secret, app, now }: Omit<RenewalInput<OAuthSecret>, 'db'>,
  tokens: TokenResult,
): { changes: Partial<CredentialRow>; next: OAuthSecret } {
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
    metadata: mergedMetadata(row, tokens.metadata),
    lastRefreshedAt: at,
    updatedAt: at,
    failureCount: 0,
    failingSince: null,
    nextCheckAt: null,
  }
  return { changes, next }
}
