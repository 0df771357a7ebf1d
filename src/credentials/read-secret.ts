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

/** Hook for keeping OAuth tokens fresh before they are handed out; the identity when none is installed. */
export type EnsureFresh = (
  row: CredentialRow,
  secret: CredentialSecret,
) => Promise<{ row: CredentialRow; secret: CredentialSecret }>

/**
 * GET /v1/credentials/{id}/secret — the hot path: one indexed read and one open. The audit row and lastUsedAt
 * are batched by the activity log, so the request itself writes nothing (unless a refresh is due).
 */
export async function readCredentialSecret(
  deps: CredentialDeps & { ensureFresh?: EnsureFresh },
  actor: Actor,
  id: string,
): Promise<SecretView> {
  let row = await deps.readCredential(actor.workspaceId, id)
  if (!row) throw new AppError('credential_not_found', `No credential ${id} in this workspace.`)
  if (row.status === 'expired') {
    throw new AppError(
      'credential_expired',
      'This credential has expired; ask the user to reconnect it through the modal.',
    )
  }
  let secret = openJSON<CredentialSecret>(
    deps.keyring,
    row.secretSealed,
    credentialSecretContext(actor.workspaceId, id),
  )
  if (secret.kind === 'oauth2' && deps.ensureFresh)
    ({ row, secret } = await deps.ensureFresh(row, secret))
  deps.activity.record(
    { ...actor, action: 'credential.secret_read', target: id, userId: row.userId },
    id,
  )
  deps.metrics.secretRead()
  return {
    credentialId: row.id,
    type: row.type,
    expiresAt: row.expiresAt,
    data:
      secret.kind === 'oauth2'
        ? { accessToken: secret.accessToken, tokenType: secret.tokenType, scope: secret.scope }
        : secret.fields,
  }
}
