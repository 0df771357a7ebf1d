import { findUser, type CredentialRow, type DB, type UserRow } from '../store/index.js'
import { recordEvent, type EventType } from '../webhooks/index.js'

/** The identification every credential event carries: what a platform needs to find and ask the user. */
export function credentialEventData(
  credential: Pick<CredentialRow, 'id' | 'name' | 'app'>,
  user: Pick<UserRow, 'id' | 'email'>,
): {
  userId: string
  userEmail: string | null
  credentialId: string
  credentialName: string
  app: string
} {
  return {
    userId: user.id,
    userEmail: user.email,
    credentialId: credential.id,
    credentialName: credential.name,
    app: credential.app,
  }
}

/**
 * Records a credential event in the caller's transaction, with the owner's current email looked up here
 * (null once the user is gone); `extra` adds the event's own fields (reason, expiredAt, …).
 */
export async function recordCredentialEvent(
  trx: DB,
  row: Pick<CredentialRow, 'id' | 'workspaceId' | 'userId' | 'name' | 'app'>,
  event: { type: EventType; extra: Record<string, unknown> },
  now: Date,
): Promise<void> {
  const user = await findUser(trx, row.workspaceId, row.userId)
  await recordEvent(
    trx,
    {
      workspaceId: row.workspaceId,
      type: event.type,
      data: {
        ...credentialEventData(row, { id: row.userId, email: user?.email ?? null }),
        ...event.extra,
      },
    },
    now,
  )
}
