import type { DB } from './database.js'
import type { ConsoleSessionTable, ConsoleUserTable } from './schema.js'

export type ConsoleSessionRow = ConsoleSessionTable

/** A session joined to its user, as the authentication hook needs it (role and disabledAt read on every request). */
export interface ConsoleSessionWithUser extends ConsoleSessionRow {
  email: string
  role: ConsoleUserTable['role']
  disabledAt: string | null
}

export async function insertConsoleSession(db: DB, row: ConsoleSessionRow): Promise<void> {
  await db.insertInto('consoleSession').values(row).execute()
}

/** The hot path of a console request: one primary-key read joined to the user's row. */
export async function findConsoleSession(
  db: DB,
  hash: string,
): Promise<ConsoleSessionWithUser | null> {
  return (
    (await db
      .selectFrom('consoleSession')
      .innerJoin('consoleUser', 'consoleUser.id', 'consoleSession.consoleUserId')
      .select([
        'consoleSession.hash',
        'consoleSession.workspaceId',
        'consoleSession.consoleUserId',
        'consoleSession.createdAt',
        'consoleSession.lastSeenAt',
        'consoleSession.expiresAt',
        'consoleUser.email',
        'consoleUser.role',
        'consoleUser.disabledAt',
      ])
      .where('consoleSession.hash', '=', hash)
      .whereRef('consoleUser.workspaceId', '=', 'consoleSession.workspaceId')
      .executeTakeFirst()) ?? null
  )
}

export async function touchConsoleSession(db: DB, hash: string, now: string): Promise<void> {
  await db.updateTable('consoleSession').set({ lastSeenAt: now }).where('hash', '=', hash).execute()
}

export async function deleteConsoleSession(db: DB, hash: string): Promise<void> {
  await db.deleteFrom('consoleSession').where('hash', '=', hash).execute()
}

/** Sign-out everywhere, or the user was removed: every session of theirs ends. */
export async function deleteConsoleSessionsOf(
  db: DB,
  workspaceId: string,
  consoleUserId: string,
): Promise<number> {
  const result = await db
    .deleteFrom('consoleSession')
    .where('workspaceId', '=', workspaceId)
    .where('consoleUserId', '=', consoleUserId)
    .executeTakeFirst()
  return Number(result.numDeletedRows)
}

/** Sessions past their absolute end or idle since before `idleSince`, for the worker's sweep. */
export async function deleteExpiredConsoleSessions(
  db: DB,
  now: string,
  idleSince: string,
): Promise<number> {
  const result = await db
    .deleteFrom('consoleSession')
    .where((eb) => eb.or([eb('expiresAt', '<=', now), eb('lastSeenAt', '<=', idleSince)]))
    .executeTakeFirst()
  return Number(result.numDeletedRows)
}
