import type { App } from '../catalog/index.js'
import { sealJSON } from '../crypto/index.js'
import { AppError } from '../errors.js'
import { findCredential, updateCredentialIfVersion, type UserRow } from '../store/index.js'
import { recordEvent } from '../webhooks/index.js'
import { auditNow } from './activity.js'
import type { NewCredentialParts } from './create.js'
import type { Actor, CredentialDeps } from './deps.js'
import { credentialEventData } from './events.js'
import { credentialSecretContext } from './secret.js'
import { toCredentialView, type CredentialView } from './view.js'

/**
 * Re-authenticates a credential in place: same credentialId, new sealed secret, status back to active. When it was
 * expired, `credential.recovered` is recorded in the same transaction. The platform's references stay valid.
 */
export async function reconnectCredential(
  deps: CredentialDeps,
  actor: Actor,
  user: UserRow,
  app: App,
  credentialId: string,
  parts: Omit<NewCredentialParts, 'id' | 'name'>,
): Promise<CredentialView> {
  const now = deps.now()
  const at = now.toISOString()
  const secretSealed = sealJSON(
    deps.keyring,
    parts.secret,
    credentialSecretContext(actor.workspaceId, credentialId),
  )
  return deps.db.transaction().execute(async (trx) => {
    // A refresh may bump the version between read and write; a couple of tries is plenty.
    for (let attempt = 0; attempt < 3; attempt++) {
      const row = await findCredential(trx, actor.workspaceId, credentialId)
      if (!row || row.userId !== user.id || row.app !== app.id) {
        throw new AppError('credential_not_found', 'That connection no longer exists.')
      }
      const changes = {
        status: 'active' as const,
        secretSealed,
        metadata: JSON.stringify({
          ...(JSON.parse(row.metadata) as Record<string, unknown>),
          ...parts.metadata,
        }),
        expiresAt: parts.expiresAt,
        refreshExpiresAt: parts.refreshExpiresAt ?? null,
        nextCheckAt: parts.nextCheckAt,
        updatedAt: at,
        failureCount: 0,
        failingSince: null,
        expiredReason: null,
        expiredAt: null,
        expiringNotifiedAt: null,
      }
      if (
        !(await updateCredentialIfVersion(
          trx,
          actor.workspaceId,
          credentialId,
          row.version,
          changes,
        ))
      )
        continue
      await auditNow(
        trx,
        {
          ...actor,
          action: 'credential.reconnect',
          target: credentialId,
          userId: row.userId,
        },
        now,
      )
      if (row.status === 'expired') {
        await recordEvent(
          trx,
          {
            workspaceId: actor.workspaceId,
            type: 'credential.recovered',
            data: credentialEventData(row, user),
          },
          now,
        )
      }
      return toCredentialView({ ...row, ...changes, version: row.version + 1 })
    }
    throw new AppError(
      'internal_error',
      'The credential kept changing while it was being reconnected.',
    )
  })
}
