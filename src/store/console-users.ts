import type { DB } from './database.js'
import type { ConsoleSignInLinkTable, ConsoleUserTable } from './schema.js'

export type ConsoleUserRow = ConsoleUserTable

export async function insertConsoleUser(db: DB, row: ConsoleUserRow): Promise<void> {
  await db.insertInto('consoleUser').values(row).execute()
}

/** A workspace's console user by id or by (normalised) email, or null. */
export async function findConsoleUser(
  db: DB,
  workspaceId: string,
  by: { id: string } | { email: string },
): Promise<ConsoleUserRow | null> {
  const query = db.selectFrom('consoleUser').selectAll().where('workspaceId', '=', workspaceId)
  return (
    (await (
      'id' in by ? query.where('id', '=', by.id) : query.where('email', '=', by.email)
    ).executeTakeFirst()) ?? null
  )
}

/** Every console user of the workspace, removed ones included (audit rows name them), oldest first. */
export async function listConsoleUsers(db: DB, workspaceId: string): Promise<ConsoleUserRow[]> {
  return db
    .selectFrom('consoleUser')
    .selectAll()
    .where('workspaceId', '=', workspaceId)
    .orderBy('id')
    .execute()
}

/**
 * The ids of the workspace's admins who may still sign in, locked until the transaction ends on PostgreSQL: two
 * demotions or removals racing each see the other's committed change, so the last admin stays. SQLite has one
 * writer: a transaction already excludes every other.
 */
export async function lockActiveAdmins(
  db: DB,
  dialect: 'sqlite' | 'postgres',
  workspaceId: string,
): Promise<string[]> {
  const rows = await db
    .selectFrom('consoleUser')
    .select('id')
    .where('workspaceId', '=', workspaceId)
    .where('role', '=', 'admin')
    .where('disabledAt', 'is', null)
    .orderBy('id')
    .$if(dialect === 'postgres', (q) => q.forUpdate())
    .execute()
  return rows.map((row) => row.id)
}

export async function updateConsoleUser(
  db: DB,
  workspaceId: string,
  id: string,
  changes: Partial<Pick<ConsoleUserRow, 'role' | 'disabledAt' | 'lastSignInAt'>>,
): Promise<boolean> {
  const result = await db
    .updateTable('consoleUser')
    .set(changes)
    .where('workspaceId', '=', workspaceId)
    .where('id', '=', id)
    .executeTakeFirst()
  return result.numUpdatedRows > 0n
}

export async function insertSignInLink(db: DB, row: ConsoleSignInLinkTable): Promise<void> {
  await db.insertInto('consoleSignInLink').values(row).execute()
}

export async function findSignInLink(db: DB, hash: string): Promise<ConsoleSignInLinkTable | null> {
  return (
    (await db
      .selectFrom('consoleSignInLink')
      .selectAll()
      .where('hash', '=', hash)
      .executeTakeFirst()) ?? null
  )
}

/**
 * Marks the link used, only if it still is unused and unexpired: of two sign-ins racing with one link, exactly
 * one updates the row.
 */
export async function claimSignInLink(db: DB, hash: string, now: string): Promise<boolean> {
  const result = await db
    .updateTable('consoleSignInLink')
    .set({ usedAt: now })
    .where('hash', '=', hash)
    .where('usedAt', 'is', null)
    .where('expiresAt', '>', now)
    .executeTakeFirst()
  return result.numUpdatedRows > 0n
}

/** Links (used or not) and sessions past their end, for the worker's sweep. */
export async function deleteExpiredSignInLinks(db: DB, now: string): Promise<number> {
  const result = await db
    .deleteFrom('consoleSignInLink')
    .where('expiresAt', '<=', now)
    .executeTakeFirst()
  return Number(result.numDeletedRows)
}

/** Every unused link of the user stops working (the user was removed, or a new link replaces them). */
export async function deleteSignInLinksOf(
  db: DB,
  workspaceId: string,
  consoleUserId: string,
): Promise<void> {
  await db
    .deleteFrom('consoleSignInLink')
    .where('workspaceId', '=', workspaceId)
    .where('consoleUserId', '=', consoleUserId)
    .execute()
}
