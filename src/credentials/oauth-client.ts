import { open, type SealContext } from '../crypto/index.js'
import type { OAuthClientCredentials } from '../oauth/index.js'
import { findOAuthClient, type DB } from '../store/index.js'
import type { CredentialDeps } from './deps.js'

const clientSecretContext = (workspaceId: string, app: string): SealContext => ({
  workspaceId,
  table: 'oauth_client',
  rowId: app,
  column: 'client_secret_sealed',
})

/** The workspace's own client at the provider, opened; null when the platform has not configured one. */
export async function loadOAuthClient(
  deps: Pick<CredentialDeps, 'keyring'> & { db: DB },
  workspaceId: string,
  app: string,
): Promise<OAuthClientCredentials | null> {
  const row = await findOAuthClient(deps.db, workspaceId, app)
  if (!row) return null
  return {
    clientId: row.clientId,
    clientSecret: open(deps.keyring, row.clientSecretSealed, clientSecretContext(workspaceId, app)),
  }
}
