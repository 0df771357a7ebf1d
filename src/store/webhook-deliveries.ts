import type { DB } from './database.js'
import type { WebhookAttemptTable, WebhookDeliveryTable } from './schema.js'

export type WebhookDeliveryRow = WebhookDeliveryTable
export type WebhookAttemptRow = WebhookAttemptTable

export async function insertDeliveries(
  db: DB,
  rows: readonly WebhookDeliveryTable[],
): Promise<void> {
  if (rows.length > 0)
    await db
      .insertInto('webhookDelivery')
      .values([...rows])
      .execute()
}

/**
 * Claims up to `limit` due deliveries of enabled endpoints for `owner` until `leaseUntil`, in one statement. On
 * PostgreSQL the candidate rows are locked with FOR UPDATE SKIP LOCKED, so nodes claiming at once take disjoint
 * sets without waiting on each other; on SQLite the single writer serializes the statement. A lease that ran out
 * (its node died) makes the row claimable again: at-least-once.
 */
export async function claimDueDeliveries(
  db: DB,
  dialect: 'sqlite' | 'postgres',
  options: { owner: string; now: string; leaseUntil: string; limit: number },
): Promise<WebhookDeliveryRow[]> {
  const due = db
    .selectFrom('webhookDelivery as d')
    .innerJoin('webhookEndpoint as e', 'e.id', 'd.endpointId')
    .select('d.id')
    .where('d.status', '=', 'pending')
    .where('d.nextAttemptAt', '<=', options.now)
    .where((eb) => eb.or([eb('d.leaseUntil', 'is', null), eb('d.leaseUntil', '<', options.now)]))
    .where('e.enabled', '=', 1)
    .orderBy('d.nextAttemptAt')
    .limit(options.limit)
    .$if(dialect === 'postgres', (q) => q.forUpdate('d').skipLocked())
  return db
    .updateTable('webhookDelivery')
    .set({ leaseOwner: options.owner, leaseUntil: options.leaseUntil })
    .where('id', 'in', due)
    .returningAll()
    .execute()
}

/** Writes an attempt's outcome, but only while `owner` still holds the lease (a late node cannot overwrite). */
export async function finishDeliveryAttempt(
  db: DB,
  id: string,
  owner: string,
  changes: Pick<
    WebhookDeliveryTable,
    | 'status'
    | 'attempts'
    | 'nextAttemptAt'
    | 'lastStatusCode'
    | 'lastError'
    | 'lastAttemptAt'
    | 'updatedAt'
  >,
): Promise<boolean> {
  const result = await db
    .updateTable('webhookDelivery')
    .set({ ...changes, leaseOwner: null, leaseUntil: null })
    .where('id', '=', id)
    .where('leaseOwner', '=', owner)
    .executeTakeFirst()
  return result.numUpdatedRows > 0n
}

/** Gives back claimed-but-unsent rows on graceful shutdown, so another node sends them now instead of after the lease. */
export async function releaseDeliveryLeases(
  db: DB,
  owner: string,
  ids: readonly string[],
): Promise<void> {
  if (ids.length === 0) return
  await db
    .updateTable('webhookDelivery')
    .set({ leaseOwner: null, leaseUntil: null })
    .where('leaseOwner', '=', owner)
    .where('id', 'in', [...ids])
    .execute()
}

export async function insertAttempt(db: DB, row: WebhookAttemptTable): Promise<void> {
  await db.insertInto('webhookAttempt').values(row).execute()
}

export async function listDeliveries(
  db: DB,
  workspaceId: string,
  endpointId: string,
  options: { status?: WebhookDeliveryTable['status']; afterId?: string; limit: number },
): Promise<Array<WebhookDeliveryRow & { eventType: string }>> {
  let query = db
    .selectFrom('webhookDelivery as d')
    .innerJoin('event as ev', 'ev.id', 'd.eventId')
    .selectAll('d')
    .select('ev.type as eventType')
    .where('d.workspaceId', '=', workspaceId)
    .where('d.endpointId', '=', endpointId)
  if (options.status !== undefined) query = query.where('d.status', '=', options.status)
  if (options.afterId !== undefined) query = query.where('d.id', '>', options.afterId)
  return query
    .orderBy('d.id')
    .limit(options.limit + 1)
    .execute()
}

export async function findDelivery(
  db: DB,
  workspaceId: string,
  endpointId: string,
  id: string,
): Promise<(WebhookDeliveryRow & { eventType: string }) | null> {
  return (
    (await db
      .selectFrom('webhookDelivery as d')
      .innerJoin('event as ev', 'ev.id', 'd.eventId')
      .selectAll('d')
      .select('ev.type as eventType')
      .where('d.workspaceId', '=', workspaceId)
      .where('d.endpointId', '=', endpointId)
      .where('d.id', '=', id)
      .executeTakeFirst()) ?? null
  )
}

/** Manual retry: due now, whatever its state; a delivery under lease keeps its lease (it is being sent). */
export async function retryDeliveryNow(
  db: DB,
  workspaceId: string,
  id: string,
  now: string,
): Promise<boolean> {
  const result = await db
    .updateTable('webhookDelivery')
    .set({ status: 'pending', nextAttemptAt: now, updatedAt: now })
    .where('workspaceId', '=', workspaceId)
    .where('id', '=', id)
    .executeTakeFirst()
  return result.numUpdatedRows > 0n
}

export async function listAttempts(
  db: DB,
  workspaceId: string,
  deliveryId: string,
): Promise<WebhookAttemptRow[]> {
  return db
    .selectFrom('webhookAttempt')
    .selectAll()
    .where('workspaceId', '=', workspaceId)
    .where('deliveryId', '=', deliveryId)
    .orderBy('id')
    .execute()
}
