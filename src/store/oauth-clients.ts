import type { DB } from './database.js'
import type { OAuthClientTable } from './schema.js'

export async function upsertOAuthClient(db: DB, row: OAuthClientTable): Promise<void> {
  await db
    .insertInto('oauthClient')
    .values(row)
    .onConflict((oc) =>
      oc.columns(['workspaceId', 'app']).doUpdateSet({
        clientId: row.clientId,
        clientSecretSealed: row.clientSecretSealed,
        scopes: row.scopes,
        updatedAt: row.updatedAt,
      }),
    )
    .execute()
}

export async function findOAuthClient(
  db: DB,
  workspaceId: string,
  app: string,
): Promise<OAuthClientTable | null> {
  return (
    (await db
      .selectFrom('oauthClient')
      .selectAll()
      .where('workspaceId', '=', workspaceId)
      .where('app', '=', app)
      .executeTakeFirst()) ?? null
  )
}

/** The apps this workspace has its own OAuth client for (one indexed read of the workspace's few rows). */
export async function listOAuthClientApps(db: DB, workspaceId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('oauthClient')
    .select('app')
    .where('workspaceId', '=', workspaceId)
    .execute()
  return rows.map((row) => row.app)
}

export async function deleteOAuthClient(
  db: DB,
  workspaceId: string,
  app: string,
): Promise<boolean> {
  const result = await db
    .deleteFrom('oauthClient')
    .where('workspaceId', '=', workspaceId)
    .where('app', '=', app)
    .executeTakeFirst()
  return result.numDeletedRows > 0n
}
