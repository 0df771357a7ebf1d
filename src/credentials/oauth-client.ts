import type { App } from '../catalog/index.js'
import { open, seal, type SealContext } from '../crypto/index.js'
import type { OAuthClientCredentials } from '../oauth/index.js'
import {
  deleteOAuthClient,
  findOAuthClient,
  SEALED,
  sealContextOf,
  upsertOAuthClient,
  type DB,
  type OAuthClientTable,
} from '../store/index.js'
import type { CredentialDeps } from './deps.js'

const oauthClientSecretContext = (workspaceId: string, app: string): SealContext =>
  sealContextOf(SEALED.oauthClientSecret, workspaceId, app)

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
    clientSecret: open(
      deps.keyring,
      row.clientSecretSealed,
      oauthClientSecretContext(workspaceId, app),
    ),
  }
}

/** A workspace's OAuth client as the API shows it: never the secret, sealed or not. */
export type OAuthClientSettings = Omit<OAuthClientTable, 'clientSecretSealed'>

export interface OAuthClientInput {
  clientId: string
  clientSecret: string
  scopes?: string[]
}

const settingsOf = ({ clientSecretSealed: _sealed, ...settings }: OAuthClientTable) => settings

/** Sets (or replaces) the workspace's client for the app; the secret is sealed to this workspace and app. */
export async function saveOAuthClient(
  deps: Pick<CredentialDeps, 'db' | 'keyring' | 'now'>,
  workspaceId: string,
  app: App,
  input: OAuthClientInput,
): Promise<OAuthClientSettings> {
  const now = deps.now().toISOString()
  const existing = await findOAuthClient(deps.db, workspaceId, app.id)
  const row: OAuthClientTable = {
    workspaceId,
    app: app.id,
    clientId: input.clientId,
    clientSecretSealed: seal(
      deps.keyring,
      input.clientSecret,
      oauthClientSecretContext(workspaceId, app.id),
    ),
    scopes: input.scopes ? JSON.stringify(input.scopes) : null,
    createdAt: existing?.createdAt ?? now,
    updatedAt: now,
  }
  await upsertOAuthClient(deps.db, row)
  return settingsOf(row)
}

/** The workspace's client for the app without its secret; null when none is configured. */
export async function findOAuthClientSettings(
  deps: { db: DB },
  workspaceId: string,
  app: string,
): Promise<OAuthClientSettings | null> {
  const row = await findOAuthClient(deps.db, workspaceId, app)
  return row ? settingsOf(row) : null
}

/** False when there was none to remove. */
export async function removeOAuthClient(
  deps: { db: DB },
  workspaceId: string,
  app: string,
): Promise<boolean> {
  return deleteOAuthClient(deps.db, workspaceId, app)
}

/** Whether this workspace has its own OAuth client for the app (one primary-key read; false for key apps). */
export async function oauthClientConfigured(
  db: DB,
  workspaceId: string,
  app: App,
): Promise<boolean> {
  return app.isOAuth && (await findOAuthClient(db, workspaceId, app.id)) !== null
}
