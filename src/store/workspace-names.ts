import type { DB } from './database.js'

/** The demo page's lookup of the `default` workspace that `npm start` creates. Oldest first when names repeat. */
export async function findWorkspaceIdByName(db: DB, name: string): Promise<string | null> {
  const row = await db
    .selectFrom('workspace')
    .select('id')
    .where('name', '=', name)
    .orderBy('id')
    .executeTakeFirst()
  return row?.id ?? null
}
