import { newId } from '../ids.js'
import {
  insertDeliveries,
  insertEvent,
  listEnabledEndpointSubscriptions,
  type DB,
} from '../store/index.js'

/** Every event type Keyport records and delivers (webhook subscriptions, GET /v1/events, the OpenAPI enum). */
export const EVENT_TYPES = [
  'credential.created',
  'credential.expiring',
  'credential.expired',
  'credential.recovered',
  'credential.deleted',
  'webhook.test',
] as const
export type EventType = (typeof EVENT_TYPES)[number]

export interface NewEvent {
  workspaceId: string
  type: EventType
  data: Record<string, unknown>
}

/**
 * The outbox: call inside the transaction that makes the change. Writes the event and one pending delivery per
 * enabled endpoint that subscribes to its type, so the change and its announcement commit or vanish together.
 */
export async function recordEvent(db: DB, event: NewEvent, now: Date): Promise<string> {
  const id = newId('evt', now.getTime())
  const createdAt = now.toISOString()
  const credentialId = event.data.credentialId
  await insertEvent(db, {
    id,
    workspaceId: event.workspaceId,
    type: event.type,
    data: JSON.stringify(event.data),
    createdAt,
    credentialId: typeof credentialId === 'string' ? credentialId : null,
  })
  const endpoints = await listEnabledEndpointSubscriptions(db, event.workspaceId)
  const subscribed = endpoints.filter(
    (e) => e.events === null || (JSON.parse(e.events) as string[]).includes(event.type),
  )
  await insertDeliveries(
    db,
    subscribed.map((e) => ({
      id: newId('dlv', now.getTime()),
      workspaceId: event.workspaceId,
      endpointId: e.id,
      eventId: id,
      status: 'pending' as const,
      attempts: 0,
      nextAttemptAt: createdAt,
      leaseUntil: null,
      leaseOwner: null,
      lastStatusCode: null,
      lastError: null,
      lastAttemptAt: null,
      createdAt,
      updatedAt: createdAt,
    })),
  )
  return id
}
