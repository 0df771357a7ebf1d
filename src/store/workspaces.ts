import type { DB } from './database.js'
import type { WorkspaceTable } from './schema.js'

export async function insertWorkspace(db: DB, row: WorkspaceTable): Promise<void> {
  await db.insertInto('workspace').values(row).execute()
}

export async function findWorkspace(db: DB, id: string): Promise<WorkspaceTable | null> {
  return (
    (await db.selectFrom('workspace').selectAll().where('id', '=', id).executeTakeFirst()) ?? null
  )
}

export async function hasAnyWorkspace(db: DB): Promise<boolean> {
  return (await db.selectFrom('workspace').select('id').limit(1).executeTakeFirst()) !== undefined
}

/** Every workspace, oldest first (the CLI's `workspace list`; an installation holds a handful). */
export async function listWorkspaces(
  db: DB,
): Promise<Pick<WorkspaceTable, 'id' | 'name' | 'createdAt'>[]> {
  return db
    .selectFrom('workspace')
    .select(['id', 'name', 'createdAt'])
    .orderBy('createdAt')
    .orderBy('id')
    .execute()
}
