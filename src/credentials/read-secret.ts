import type { App } from '../catalog/index.js'
import { openJSON } from '../crypto/index.js'
import { AppError } from '../errors.js'
import type { CredentialRow } from '../store/index.js'
import type { Actor, CredentialDeps } from './deps.js'
import { credentialSecretContext, type CredentialSecret } from './secret.js'

export interface SecretView {
  credentialId: string
  type: string
  expiresAt: string | null
  data: Record<string, string | null>
}

/** Hook for keeping OAuth and minted tokens fresh before they are handed out; the identity when none is installed. */
export type EnsureFresh = (
  row: CredentialRow,
  secret: CredentialSecret,
) => Promise<{ row: CredentialRow; secret: CredentialSecret }>

/**
 * The one read behind every use of a credential (the secret read, the proxy): one indexed read, one open, and a
 * refresh only when the OAuth token is due. 404 for an unknown id (another workspace's included), 409 when expired.
 */
export async function openActiveCredential(
  deps: CredentialDeps & { ensureFresh?: EnsureFresh },
  workspaceId: string,
  id: string,
): Promise<{ row: CredentialRow; secret: CredentialSecret }> {
  const row = await readActiveCredential(deps, workspaceId, id)
  return freshCredential(deps, row, openCredentialSecret(deps, row))
}

/** openActiveCredential's read alone: the row, or 404 (unknown here) / 409 (expired). Opens nothing. */
export async function readActiveCredential(
  deps: Pick<CredentialDeps, 'readCredential'>,
  workspaceId: string,
  id: string,
): Promise<CredentialRow> {
  const row = await deps.readCredential(workspaceId, id)
  if (!row) throw new AppError('credential_not_found', `No credential ${id} in this workspace.`)
  if (row.status === 'expired') {
    throw new AppError(
      'credential_expired',
      'This credential has expired; ask the user to reconnect it through the modal.',
    )
  }
  return row
}

/** openActiveCredential's open alone: the row's secret, decrypted (bound to its workspace and id). */
export function openCredentialSecret(
  deps: Pick<CredentialDeps, 'keyring'>,
  row: CredentialRow,
): CredentialSecret {
  return openJSON<CredentialSecret>(
    deps.keyring,
    row.secretSealed,
    credentialSecretContext(row.workspaceId, row.id),
  )
}

/** An opened OAuth or minted secret after the ensureFresh hook (refreshed when due); typed fields as they are. */
export async function freshCredential(
  deps: { ensureFresh?: EnsureFresh },
  row: CredentialRow,
  secret: CredentialSecret,
): Promise<{ row: CredentialRow; secret: CredentialSecret }> {
  if (secret.kind !== 'fields' && deps.ensureFresh) return deps.ensureFresh(row, secret)
  return { row, secret }
}

/**
 * GET /v1/credentials/{id}/secret — the hot path: one indexed read and one open. The audit row and lastUsedAt
 * are batched by the activity log, so the request itself writes nothing (unless a refresh is due).
 */
export async function readCredentialSecret(
  deps: CredentialDeps & { ensureFresh?: EnsureFresh },
  actor: Actor,
  id: string,
): Promise<SecretView> {
  const { row, secret } = await openActiveCredential(deps, actor.workspaceId, id)
  deps.activity.record(
    { ...actor, action: 'credential.secret_read', target: id, userId: row.userId },
    id,
  )
  deps.metrics.secretRead()
  return {
    credentialId: row.id,
    type: row.type,
    expiresAt: row.expiresAt,
    data: secretData(row, secret, deps.catalog.get(row.app)),
  }
}

/**
 * What the platform gets: the typed fields of a key, an OAuth access token (never the refresh token), a minted
 * token with its expiry (never the client secret or private key it was minted from), or OAuth 1.0a token
 * credentials with what signing needs besides the consumer secret, which the platform set and already holds.
 */
function secretData(
  row: CredentialRow,
  secret: CredentialSecret,
  app: App | null,
): SecretView['data'] {
  if (secret.kind === 'oauth2')
    return { accessToken: secret.accessToken, tokenType: secret.tokenType, scope: secret.scope }
  if (secret.kind === 'minted') return { ...secret.token?.values, expiresAt: row.expiresAt }
  if (secret.kind === 'oauth1')
    return {
      consumerKey: secret.consumerKey,
      token: secret.token,
      tokenSecret: secret.tokenSecret,
      signatureMethod: app?.auth.type === 'oauth1' ? app.auth.signatureMethod : null,
    }
  return secret.fields
}
