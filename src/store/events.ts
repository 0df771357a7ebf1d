import type { DB } from './database.js'
import type { EventTable } from './schema.js'

export type EventRow = EventTable

export async function findEvent(db: DB, workspaceId: string, id: string): Promise<EventRow | null> {
  return (
    (await db
      .selectFrom('event')
      .selectAll()
      .where('workspaceId', '=', workspaceId)
      .where('id', '=', id)
      .executeTakeFirst()) ?? null
  )
}

/** The feed for reconciling: keyset pagination by id (ids sort by time). Fetches one extra row to see if more exist. */
export async function listEvents(
  db: DB,
  workspaceId: string,
  options: { type?: string; afterId?: string; limit: number },
): Promise<EventRow[]> {
  let query = db.selectFrom('event').selectAll().where('workspaceId', '=', workspaceId)
  if (options.type !== undefined) query = query.where('type', '=', options.type)
  if (options.afterId !== undefined) query = query.where('id', '>', options.afterId)
  return query
    .orderBy('id')
    .limit(options.limit + 1)
    .execute()
}

export async function findEventsByIds(db: DB, ids: readonly string[]): Promise<EventRow[]> {
  if (ids.length === 0) return []
  return db
    .selectFrom('event')
    .selectAll()
    .where('id', 'in', [...ids])
    .execute()
}

export async function insertEvent(db: DB, row: EventTable): Promise<void> {
  await db.insertInto('event').values(row).execute()
}

/** A credential's events, oldest first (its timeline). */
export async function listCredentialEvents(
  db: DB,
  workspaceId: string,
  credentialId: string,
  limit: number,
): Promise<EventRow[]> {
  return db
    .selectFrom('event')
    .selectAll()
    .where('workspaceId', '=', workspaceId)
    .where('credentialId', '=', credentialId)
    .orderBy('id')
    .limit(limit)
    .execute()
}
