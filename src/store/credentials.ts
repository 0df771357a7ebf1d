import { sql, type CompiledQuery } from 'kysely'
import type { DB } from './database.js'
import type { CredentialTable } from './schema.js'
import { readStoredTimestamp } from '../timestamps.js'
import { metadataEquals } from './metadata-filter.js'
import { RENEWED_TOKEN_TYPES } from './credential-sweeps.js'

export type CredentialRow = CredentialTable

/**
 * A stored row as it is served. The two timestamps that come from outside (an import, a provider's expires_in) are
 * read defensively, so a row written out of range by an older version cannot break a listing or a read; the rest
 * come from the node's own clock.
 */
export function credentialFromRow(row: CredentialRow): CredentialRow {
  const expiresAt = readStoredTimestamp(row.expiresAt)
  const refreshExpiresAt = readStoredTimestamp(row.refreshExpiresAt)
  return expiresAt === row.expiresAt && refreshExpiresAt === row.refreshExpiresAt
    ? row
    : { ...row, expiresAt, refreshExpiresAt }
}

export async function insertCredential(db: DB, row: CredentialTable): Promise<void> {
  await db.insertInto('credential').values(row).execute()
}

const ID = '\u0000id'
const WORKSPACE = '\u0000workspace'
const compiledFind = new WeakMap<DB, CompiledQuery>()

/**
 * One primary-key read; the workspace filter makes another workspace's id look missing. This is the hot path of
 * every secret read, so the query is built and compiled once per database handle and only its parameters change
 * (building and compiling it cost about as much as running it).
 */
export async function findCredential(
  db: DB,
  workspaceId: string,
  id: string,
): Promise<CredentialRow | null> {
  let compiled = compiledFind.get(db)
  if (!compiled) {
    compiled = db
      .selectFrom('credential')
      .selectAll()
      .where('id', '=', ID)
      .where('workspaceId', '=', WORKSPACE)
      .compile()
    compiledFind.set(db, compiled)
  }
  const parameters = compiled.parameters.map((p) =>
    p === ID ? id : p === WORKSPACE ? workspaceId : p,
  )
  const result = await db.executeQuery<CredentialRow>({ ...compiled, parameters })
  const row = result.rows[0]
  return row ? credentialFromRow(row) : null
}

/** One metadata key equal to a string, in the platform's metadata or Keyport's (they never share a key). */
export interface CredentialMetadataFilter {
  key: string
  value: string
  dialect: 'sqlite' | 'postgres'
}

function metadataMatches({ dialect, ...filter }: CredentialMetadataFilter) {
  return sql<boolean>`(${metadataEquals(dialect, 'credential.platform_metadata', filter)} or ${metadataEquals(dialect, 'credential.metadata', filter)})`
}

export async function listCredentialsOfUser(
  db: DB,
  workspaceId: string,
  userId: string,
  app?: string,
): Promise<CredentialRow[]> {
  let query = db
    .selectFrom('credential')
    .selectAll()
    .where('workspaceId', '=', workspaceId)
    .where('userId', '=', userId)
  if (app !== undefined) query = query.where('app', '=', app)
  return (await query.orderBy('id').execute()).map(credentialFromRow)
}

/**
 * Sets the platform's metadata (and the name, when given) if it is still `expected`: a compare-and-set on the column
 * itself, so two PATCHes cannot lose each other's keys, and the row's version (which guards the sealed secret
 * against racing refreshes) is left alone. False when the row is gone or the metadata moved on.
 */
export async function updateCredentialPlatformMetadata(
  db: DB,
  workspaceId: string,
  id: string,
  change: { expected: string | null; next: string | null; name?: string; now: string },
): Promise<boolean> {
  const result = await db
    .updateTable('credential')
    .set({
      platformMetadata: change.next,
      updatedAt: change.now,
      ...(change.name !== undefined ? { name: change.name } : {}),
    })
    .where('workspaceId', '=', workspaceId)
    .where('id', '=', id)
    .where((eb) =>
      change.expected === null
        ? eb('platformMetadata', 'is', null)
        : eb('platformMetadata', '=', change.expected),
    )
    .executeTakeFirst()
  return result.numUpdatedRows > 0n
}

export async function renameCredential(
  db: DB,
  workspaceId: string,
  id: string,
  name: string,
  now: string,
): Promise<boolean> {
  const result = await db
    .updateTable('credential')
    .set({ name, updatedAt: now })
    .where('workspaceId', '=', workspaceId)
    .where('id', '=', id)
    .executeTakeFirst()
  return result.numUpdatedRows > 0n
}

/**
 * Replaces the sealed secret and related fields only if nobody else changed the row since `version`
 * was read (optimistic concurrency). Returns false when the row moved on.
 */
export async function updateCredentialIfVersion(
  db: DB,
  workspaceId: string,
  id: string,
  version: number,
  changes: Partial<Omit<CredentialTable, 'id' | 'workspaceId' | 'version'>>,
): Promise<boolean> {
  const result = await db
    .updateTable('credential')
    .set({ ...changes, version: version + 1 })
    .where('workspaceId', '=', workspaceId)
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst()
  return result.numUpdatedRows > 0n
}

export async function deleteCredential(db: DB, workspaceId: string, id: string): Promise<boolean> {
  const result = await db
    .deleteFrom('credential')
    .where('workspaceId', '=', workspaceId)
    .where('id', '=', id)
    .executeTakeFirst()
  return result.numDeletedRows > 0n
}

export interface CredentialQuery {
  status?: CredentialTable['status']
  app?: string
  userId?: string
  /** Credentials with a known end (key lifetime, refresh-token lifetime) before this instant. */
  expiringBefore?: string
  metadata?: CredentialMetadataFilter
  afterId?: string
  limit: number
}

/** Every credential of a workspace matching the filters, oldest first by id; one extra row tells if more exist. */
export async function findCredentials(
  db: DB,
  workspaceId: string,
  options: CredentialQuery,
): Promise<CredentialRow[]> {
  let query = db.selectFrom('credential').selectAll().where('workspaceId', '=', workspaceId)
  if (options.status !== undefined) query = query.where('status', '=', options.status)
  if (options.app !== undefined) query = query.where('app', '=', options.app)
  if (options.userId !== undefined) query = query.where('userId', '=', options.userId)
  if (options.metadata !== undefined) query = query.where(metadataMatches(options.metadata))
  if (options.afterId !== undefined) query = query.where('id', '>', options.afterId)
  const horizon = options.expiringBefore
  if (horizon !== undefined)
    query = query.where((eb) =>
      eb.or([
        eb.and([eb('type', 'not in', RENEWED_TOKEN_TYPES), eb('expiresAt', '<', horizon)]),
        eb('refreshExpiresAt', '<', horizon),
      ]),
    )
  const rows = await query
    .orderBy('id')
    .limit(options.limit + 1)
    .execute()
  return rows.map(credentialFromRow)
}
