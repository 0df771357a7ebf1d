import { sql } from 'kysely'
import type { DB } from './database.js'
import type { EndUserTable } from './schema.js'
import { metadataEquals } from './metadata-filter.js'

export type UserRow = Omit<EndUserTable, 'workspaceId'>

const COLUMNS = [
  'id',
  'username',
  'email',
  'fullName',
  'metadata',
  'createdAt',
  'updatedAt',
] as const

export async function insertUser(
  db: DB,
  row: Omit<EndUserTable, 'metadata'> & Partial<Pick<EndUserTable, 'metadata'>>,
): Promise<void> {
  await db.insertInto('endUser').values(row).execute()
}

export async function findUser(db: DB, workspaceId: string, id: string): Promise<UserRow | null> {
  return (
    (await db
      .selectFrom('endUser')
      .select(COLUMNS)
      .where('workspaceId', '=', workspaceId)
      .where('id', '=', id)
      .executeTakeFirst()) ?? null
  )
}

/**
 * Inside a transaction: reads the user and, on PostgreSQL, holds its row until the transaction ends — `update` to
 * delete the user, `share` to add something of theirs (adds do not wait for each other, a delete waits for them
 * and they for it). Without it a delete and a create interleave: the create fails on the foreign key, or the new
 * credential is removed by the delete's cascade without being announced. SQLite has one writer: a transaction
 * already excludes every other.
 */
export async function lockUser(
  db: DB,
  dialect: 'sqlite' | 'postgres',
  workspaceId: string,
  id: string,
  mode: 'update' | 'share',
): Promise<UserRow | null> {
  return (
    (await db
      .selectFrom('endUser')
      .select(COLUMNS)
      .where('workspaceId', '=', workspaceId)
      .where('id', '=', id)
      .$if(dialect === 'postgres', (q) => (mode === 'update' ? q.forUpdate() : q.forShare()))
      .executeTakeFirst()) ?? null
  )
}

/** Keyset pagination by id (ids sort by creation time). Fetches one extra row to know whether more exist. */
export async function listUsers(
  db: DB,
  workspaceId: string,
  options: {
    username?: string
    search?: string
    /** One metadata key whose value is this string (a number or boolean never equals a string). */
    metadata?: { key: string; value: string; dialect: 'sqlite' | 'postgres' }
    afterId?: string
    limit: number
  },
): Promise<UserRow[]> {
  let query = db.selectFrom('endUser').select(COLUMNS).where('workspaceId', '=', workspaceId)
  if (options.metadata !== undefined) {
    const { dialect, ...filter } = options.metadata
    query = query.where(metadataEquals(dialect, 'end_user.metadata', filter))
  }
  if (options.username !== undefined) query = query.where('username', '=', options.username)
  if (options.search !== undefined) {
    // A prefix of the username or of the email, in any case on both databases (SQLite's LIKE ignores ASCII case,
    // PostgreSQL's does not); LIKE's wildcards in the text match literally.
    const prefix = `${options.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`
    query = query.where((eb) =>
      eb.or([
        eb(eb.fn('lower', ['username']), 'like', sql<string>`lower(${prefix}) escape '\\'`),
        eb(eb.fn('lower', ['email']), 'like', sql<string>`lower(${prefix}) escape '\\'`),
      ]),
    )
  }
  if (options.afterId !== undefined) query = query.where('id', '>', options.afterId)
  return query
    .orderBy('id')
    .limit(options.limit + 1)
    .execute()
}

export async function updateUser(
  db: DB,
  workspaceId: string,
  id: string,
  changes: Partial<Pick<EndUserTable, 'username' | 'email' | 'fullName' | 'metadata'>> & {
    updatedAt: string
  },
): Promise<boolean> {
  const result = await db
    .updateTable('endUser')
    .set(changes)
    .where('workspaceId', '=', workspaceId)
    .where('id', '=', id)
    .executeTakeFirst()
  return result.numUpdatedRows > 0n
}

/** Deletes the user and, in the same statement set, every credential, token and flow of theirs. */
export async function deleteUser(db: DB, workspaceId: string, id: string): Promise<boolean> {
  await db
    .deleteFrom('credential')
    .where('workspaceId', '=', workspaceId)
    .where('userId', '=', id)
    .execute()
  await db
    .deleteFrom('connectToken')
    .where('workspaceId', '=', workspaceId)
    .where('userId', '=', id)
    .execute()
  await db
    .deleteFrom('oauthFlow')
    .where('workspaceId', '=', workspaceId)
    .where('userId', '=', id)
    .execute()
  const result = await db
    .deleteFrom('endUser')
    .where('workspaceId', '=', workspaceId)
    .where('id', '=', id)
    .executeTakeFirst()
  return result.numDeletedRows > 0n
}
