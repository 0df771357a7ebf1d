import type { DB } from './database.js'
import type { WebhookEndpointTable } from './schema.js'

export type WebhookEndpointRow = WebhookEndpointTable

export async function insertWebhookEndpoint(db: DB, row: WebhookEndpointTable): Promise<void> {
  await db.insertInto('webhookEndpoint').values(row).execute()
}

export async function findWebhookEndpoint(
  db: DB,
  workspaceId: string,
  id: string,
): Promise<WebhookEndpointRow | null> {
  return (
    (await db
      .selectFrom('webhookEndpoint')
      .selectAll()
      .where('workspaceId', '=', workspaceId)
      .where('id', '=', id)
      .executeTakeFirst()) ?? null
  )
}

/** A page of the workspace's endpoints in id order, after `afterId`; one extra row tells if more exist. */
export async function listWebhookEndpoints(
  db: DB,
  workspaceId: string,
  page: { afterId?: string; limit: number },
): Promise<WebhookEndpointRow[]> {
  let query = db.selectFrom('webhookEndpoint').selectAll().where('workspaceId', '=', workspaceId)
  if (page.afterId !== undefined) query = query.where('id', '>', page.afterId)
  return query
    .orderBy('id')
    .limit(page.limit + 1)
    .execute()
}

/** The workspace's enabled endpoints and what they subscribe to (the outbox's fan-out). */
export async function listEnabledEndpointSubscriptions(
  db: DB,
  workspaceId: string,
): Promise<Pick<WebhookEndpointRow, 'id' | 'events'>[]> {
  return db
    .selectFrom('webhookEndpoint')
    .select(['id', 'events'])
    .where('workspaceId', '=', workspaceId)
    .where('enabled', '=', 1)
    .execute()
}

/** Endpoints by id across workspaces: the delivery loop's batch, whose deliveries each carry their workspace. */
export async function findWebhookEndpointsByIds(
  db: DB,
  ids: readonly string[],
): Promise<WebhookEndpointRow[]> {
  if (ids.length === 0) return []
  return db
    .selectFrom('webhookEndpoint')
    .selectAll()
    .where('id', 'in', [...ids])
    .execute()
}

export async function updateWebhookEndpoint(
  db: DB,
  workspaceId: string,
  id: string,
  changes: Partial<Omit<WebhookEndpointTable, 'id' | 'workspaceId' | 'createdAt'>>,
): Promise<boolean> {
  const result = await db
    .updateTable('webhookEndpoint')
    .set(changes)
    .where('workspaceId', '=', workspaceId)
    .where('id', '=', id)
    .executeTakeFirst()
  return result.numUpdatedRows > 0n
}

export async function deleteWebhookEndpoint(
  db: DB,
  workspaceId: string,
  id: string,
): Promise<boolean> {
  const result = await db
    .deleteFrom('webhookEndpoint')
    .where('workspaceId', '=', workspaceId)
    .where('id', '=', id)
    .executeTakeFirst()
  return result.numDeletedRows > 0n
}

/** A success clears the failure streak (one cheap statement that changes nothing when already clear). */
export async function clearEndpointFailure(db: DB, workspaceId: string, id: string): Promise<void> {
  await db
    .updateTable('webhookEndpoint')
    .set({ failingSince: null })
    .where('workspaceId', '=', workspaceId)
    .where('id', '=', id)
    .where('failingSince', 'is not', null)
    .execute()
}

/** Starts the failure streak if none is running; returns since when the endpoint has been failing. */
export async function noteEndpointFailure(
  db: DB,
  workspaceId: string,
  id: string,
  at: string,
): Promise<string> {
  await db
    .updateTable('webhookEndpoint')
    .set({ failingSince: at })
    .where('workspaceId', '=', workspaceId)
    .where('id', '=', id)
    .where('failingSince', 'is', null)
    .execute()
  const row = await db
    .selectFrom('webhookEndpoint')
    .select('failingSince')
    .where('workspaceId', '=', workspaceId)
    .where('id', '=', id)
    .executeTakeFirst()
  return row?.failingSince ?? at
}
