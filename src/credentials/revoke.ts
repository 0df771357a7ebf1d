import { revokeToken } from '../oauth/index.js'
import type { CredentialRow } from '../store/index.js'
import type { CredentialDeps } from './deps.js'
import { loadOAuthClient } from './oauth-client.js'
import type { CredentialSecret } from './secret.js'

export type RevocationOutcome = 'revoked' | 'not_supported' | 'failed'

/**
 * After a delete: RFC 7009 revocation at the provider when the app declares an endpoint. The refresh token is
 * revoked when there is one (that ends the whole grant at most providers), else the access token. Never throws:
 * the credential is already gone from Keyport, and a provider that is down must not undo or block that.
 */
export async function revokeAtProvider(
  deps: CredentialDeps,
  row: Pick<CredentialRow, 'workspaceId' | 'app'>,
  secret: CredentialSecret,
  onError: (error: unknown) => void = () => undefined,
): Promise<RevocationOutcome> {
  const app = deps.catalog.get(row.app)
  if (secret.kind !== 'oauth2' || !app?.oauth?.revocationURL) return 'not_supported'
  try {
    const client = await loadOAuthClient(deps, row.workspaceId, row.app)
    if (!client) return 'failed'
    const revoked = await revokeToken({
      recipe: app.oauth,
      client,
      connection: secret.connection,
      token: secret.refreshToken ?? secret.accessToken,
      tokenTypeHint: secret.refreshToken ? 'refresh_token' : 'access_token',
      fetch: deps.fetch,
    })
    return revoked ? 'revoked' : 'not_supported'
  } catch (error) {
    onError(error)
    return 'failed'
  }
}

/**
 * After a delete committed: revokes every removed grant at its provider, together, waiting at most `budgetMs` (a
 * slow provider must not hold the answer; the revocations still finish in the background).
 */
export async function revokeRemovedAtProviders(
  deps: CredentialDeps,
  removed: readonly { row: Pick<CredentialRow, 'workspaceId' | 'app'>; secret: CredentialSecret }[],
  onError: (error: unknown, app: string) => void,
  budgetMs = 3000,
): Promise<void> {
  if (removed.length === 0) return
  const all = Promise.all(
    removed.map(({ row, secret }) =>
      revokeAtProvider(deps, row, secret, (error) => onError(error, row.app)),
    ),
  )
  await Promise.race([all, new Promise((resolve) => setTimeout(resolve, budgetMs).unref())])
}
