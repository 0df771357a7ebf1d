// What a request-signing scheme reads beyond the credential's template values, at the two places Keyport sends a
// credential's request itself (the proxy, the verification): what the credential does not hold: a three-legged OAuth 1.0a credential's consumer secret, which stays in the workspace's
// OAuth client and is read per request (so a secret the platform replaces applies at once).
import type { App } from '../catalog/index.js'
import { AppError } from '../errors.js'
import type { CredentialDeps } from './deps.js'
import { loadOAuthClient } from './oauth-client.js'
import type { CredentialSecret } from './secret.js'

/** What signing needs beyond the credential's own values ({} for every credential but three-legged OAuth 1.0a). */
export async function signingSecrets(
  deps: Pick<CredentialDeps, 'db' | 'keyring'>,
  workspaceId: string,
  app: App,
  secret: CredentialSecret,
): Promise<Record<string, string>> {
  if (secret.kind !== 'oauth1') return {}
  const client = await loadOAuthClient(deps, workspaceId, app.id)
  if (!client)
    throw new AppError(
      'oauth_client_not_configured',
      `${app.name} requests are signed with this workspace's consumer secret, which is not set (PUT /v1/apps/${app.id}/oauth-client).`,
    )
  return { consumerSecret: client.clientSecret }
}
