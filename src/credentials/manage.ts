import { openJSON } from '../crypto/index.js'
import { AppError } from '../errors.js'
import {
  deleteCredential,
  findCredential,
  listCredentialsOfUser,
  findCredentials,
  type CredentialQuery,
  renameCredential,
  updateCredentialPlatformMetadata,
  deleteUser,
  lockUser,
  type CredentialRow,
  type DB,
} from '../store/index.js'
import { recordEvent } from '../webhooks/index.js'
import { auditNow } from './activity.js'
import type { Actor, CredentialDeps } from './deps.js'
import { credentialEventData, recordCredentialEvent } from './events.js'
import { credentialSecretContext, type CredentialSecret } from './secret.js'
import { toCredentialView, type CredentialView } from './view.js'
import { mergeCredentialMetadata, parseMetadata, type Metadata } from './platform-metadata.js'
import { requireUser } from './create.js'

export async function requireCredential(
  db: DB,
  workspaceId: string,
  id: string,
): Promise<CredentialRow> {
  const row = await findCredential(db, workspaceId, id)
  if (!row) throw new AppError('credential_not_found', `No credential ${id} in this workspace.`)
  return row
}

export async function getCredential(
  deps: CredentialDeps,
  workspaceId: string,
  id: string,
): Promise<CredentialView> {
  return toCredentialView(await requireCredential(deps.db, workspaceId, id))
}

export interface CredentialPageQuery {
  app?: string
  /** `?metadata[key]=value`, as metadataFilter read it. */
  metadata?: { key: string; value: string }
  cursor?: string
  limit: number
}

/** A user's credentials, oldest first, a page at a time (`nextCursor` is the last id of a full page). */
export async function listUserCredentials(
  deps: Pick<CredentialDeps, 'db' | 'dialect'>,
  workspaceId: string,
  userId: string,
  query: CredentialPageQuery,
): Promise<{ data: CredentialView[]; nextCursor: string | null }> {
  await requireUser(deps.db, workspaceId, userId)
  return listWorkspaceCredentials(deps, workspaceId, { ...query, userId })
}

function pageOf(
  rows: CredentialRow[],
  limit: number,
): { data: CredentialView[]; nextCursor: string | null } {
  const page = rows.slice(0, limit)
  return {
    data: page.map(toCredentialView),
    nextCursor: rows.length > limit ? page.at(-1)!.id : null,
  }
}

/** GET /v1/credentials: every credential of the workspace, filtered (all expired, all expiring this week, one app). */
export async function listWorkspaceCredentials(
  deps: Pick<CredentialDeps, 'db' | 'dialect'>,
  workspaceId: string,
  query: Omit<CredentialQuery, 'afterId' | 'metadata'> & Omit<CredentialPageQuery, 'app'>,
): Promise<{ data: CredentialView[]; nextCursor: string | null }> {
  const { cursor, metadata, ...filters } = query
  const rows = await findCredentials(deps.db, workspaceId, {
    ...filters,
    ...(metadata ? { metadata: { ...metadata, dialect: deps.dialect } } : {}),
    ...(cursor !== undefined ? { afterId: cursor } : {}),
  })
  return pageOf(rows, query.limit)
}

/** The attempts a metadata PATCH makes when other PATCHes keep changing the metadata under it. */
const METADATA_ATTEMPTS = 5

/**
 * PATCH /v1/credentials/{id}: a new name and/or the platform's metadata merged into what is stored (a key set to
 * null is removed). Neither touches the secret or the row's version.
 */
export async function updateUserCredential(
  deps: CredentialDeps,
  workspaceId: string,
  id: string,
  changes: { name?: string; metadata?: Metadata },
): Promise<CredentialView> {
  const now = () => deps.now().toISOString()
  if (!changes.metadata) {
    if (!(await renameCredential(deps.db, workspaceId, id, changes.name!, now())))
      throw new AppError('credential_not_found', `No credential ${id} in this workspace.`)
    return getCredential(deps, workspaceId, id)
  }
  for (let attempt = 0; attempt < METADATA_ATTEMPTS; attempt++) {
    const row = await requireCredential(deps.db, workspaceId, id)
    const next = mergeCredentialMetadata(
      JSON.parse(row.metadata) as Record<string, unknown>,
      parseMetadata(row.platformMetadata),
      changes.metadata,
    )
    const change = {
      expected: row.platformMetadata,
      next,
      now: now(),
      ...(changes.name !== undefined ? { name: changes.name } : {}),
    }
    if (await updateCredentialPlatformMetadata(deps.db, workspaceId, id, change))
      return getCredential(deps, workspaceId, id)
  }
  throw new AppError(
    'request_in_progress',
    `The metadata of credential ${id} is being changed by other requests; try again.`,
  )
}

/**
 * Hard-deletes the sealed secret, with an audit row and a credential.deleted event in the same transaction.
 * Returns the secret as it was, so the caller may revoke tokens at the provider afterwards.
 */
export async function removeCredential(
  deps: CredentialDeps,
  actor: Actor,
  id: string,
): Promise<{ row: CredentialRow; secret: CredentialSecret }> {
  const now = deps.now()
  return deps.db.transaction().execute(async (trx) => {
    const row = await requireCredential(trx, actor.workspaceId, id)
    await recordCredentialEvent(
      trx,
      row,
      { type: 'credential.deleted', extra: { deletedAt: now.toISOString() } },
      now,
    )
    await deleteCredential(trx, actor.workspaceId, id)
    await auditNow(
      trx,
      { ...actor, action: 'credential.delete', target: id, userId: row.userId },
      now,
    )
    const secret = openJSON<CredentialSecret>(
      deps.keyring,
      row.secretSealed,
      credentialSecretContext(actor.workspaceId, id),
    )
    return { row, secret }
  })
}

/**
 * DELETE /v1/users/{id}: the user and every credential of theirs, each announced as deleted and audited, in one
 * transaction that holds the user's row (lockUser), so a credential being created meanwhile is either seen and
 * announced here or refused with 404. Returns the OAuth secrets whose grants the caller revokes at the provider,
 * as deleting one credential does.
 */
export async function removeUser(
  deps: CredentialDeps,
  actor: Actor,
  userId: string,
): Promise<{ row: CredentialRow; secret: CredentialSecret }[]> {
  const now = deps.now()
  return deps.db.transaction().execute(async (trx) => {
    const user = await lockUser(trx, deps.dialect, actor.workspaceId, userId, 'update')
    if (!user) throw new AppError('user_not_found', `No user ${userId} in this workspace.`)
    const revocable: { row: CredentialRow; secret: CredentialSecret }[] = []
    for (const row of await listCredentialsOfUser(trx, actor.workspaceId, userId)) {
      if (row.type === 'oauth2' && deps.catalog.get(row.app)?.oauth?.revocationURL) {
        const context = credentialSecretContext(actor.workspaceId, row.id)
        revocable.push({ row, secret: openJSON(deps.keyring, row.secretSealed, context) })
      }
      await auditNow(trx, { ...actor, action: 'credential.delete', target: row.id, userId }, now)
      await recordEvent(
        trx,
        {
          workspaceId: actor.workspaceId,
          type: 'credential.deleted',
          data: { ...credentialEventData(row, user), deletedAt: now.toISOString() },
        },
        now,
      )
    }
    await deleteUser(trx, actor.workspaceId, userId)
    await auditNow(trx, { ...actor, action: 'user.delete', target: userId, userId }, now)
    return revocable
  })
}
