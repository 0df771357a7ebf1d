import { open, seal, type Keyring } from '../crypto/index.js'
import { AppError } from '../errors.js'
import { newId } from '../ids.js'
import {
  deleteWebhookEndpoint,
  findDelivery,
  findWebhookEndpoint,
  insertDeliveries,
  insertEvent,
  insertWebhookEndpoint,
  listDeliveries,
  listEvents,
  listWebhookEndpoints,
  retryDeliveryNow,
  updateWebhookEndpoint,
  type Store,
  type EventRow,
  type WebhookDeliveryRow,
  type WebhookEndpointRow,
} from '../store/index.js'
import { EVENT_TYPES } from './outbox.js'
import { endpointSecretContext } from './secrets.js'
import { newWebhookSecret } from './signing.js'
import { refuseWebhookURL, type AllowList } from './ssrf.js'

export interface WebhookDeps {
  db: Store['db']
  keyring: Keyring
  now: () => Date
  /** KEYPORT_WEBHOOK_ALLOWED_HOSTS, for the check at registration. */
  webhookAllow: AllowList
}

export interface WebhookView {
  webhookId: string
  url: string
  /** The event types sent to this endpoint; null means every type. */
  events: string[] | null
  enabled: boolean
  disabledReason: string | null
  createdAt: string
  updatedAt: string
}

export interface DeliveryView {
  deliveryId: string
  webhookId: string
  eventId: string
  eventType: string
  status: WebhookDeliveryRow['status']
  attempts: number
  lastStatusCode: number | null
  lastError: string | null
  lastAttemptAt: string | null
  nextAttemptAt: string | null
  createdAt: string
  updatedAt: string
}

export interface EventView {
  id: string
  type: string
  createdAt: string
  data: Record<string, unknown>
}

const ROTATION_OVERLAP_SECONDS = 24 * 3600

function toWebhookView(row: WebhookEndpointRow): WebhookView {
  return {
    webhookId: row.id,
    url: row.url,
    events: row.events === null ? null : (JSON.parse(row.events) as string[]),
    enabled: row.enabled === 1,
    disabledReason: row.disabledReason,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  }
}

function toDeliveryView(row: WebhookDeliveryRow & { eventType: string }): DeliveryView {
  return {
    deliveryId: row.id,
    webhookId: row.endpointId,
    eventId: row.eventId,
    eventType: row.eventType,
    status: row.status,
    attempts: row.attempts,
    lastStatusCode: row.lastStatusCode,
    lastError: row.lastError,
    lastAttemptAt: row.lastAttemptAt,
    nextAttemptAt: row.status === 'pending' ? row.nextAttemptAt : null,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  }
}

export function toEventView(row: EventRow): EventView {
  return {
    id: row.id,
    type: row.type,
    createdAt: row.createdAt,
    data: JSON.parse(row.data) as Record<string, unknown>,
  }
}

async function checkURL(deps: WebhookDeps, url: string): Promise<string> {
  const refusal = await refuseWebhookURL(url, deps.webhookAllow)
  if (refusal) {
    throw new AppError('invalid_webhook_url', `This webhook URL cannot be used: ${refusal}.`, {
      fields: [{ field: 'url', message: refusal }],
    })
  }
  return new URL(url).toString()
}

function eventsColumn(events: readonly string[] | null | undefined): string | null {
  if (events === undefined || events === null) return null
  const unknown = events.filter((e) => !(EVENT_TYPES as readonly string[]).includes(e))
  if (unknown.length > 0) {
    throw new AppError(
      'invalid_request',
      `Unknown event types: ${unknown.join(', ')}. Known: ${EVENT_TYPES.join(', ')}.`,
      {
        fields: [{ field: 'events', message: 'contains unknown event types' }],
      },
    )
  }
  return JSON.stringify([...new Set(events)])
}

async function requireEndpoint(
  deps: WebhookDeps,
  workspaceId: string,
  id: string,
): Promise<WebhookEndpointRow> {
  const row = await findWebhookEndpoint(deps.db, workspaceId, id)
  if (!row) throw new AppError('webhook_not_found', `No webhook ${id} in this workspace.`)
  return row
}

/** POST /v1/webhooks. The secret is returned here (and on rotation) only. */
export async function createEndpoint(
  deps: WebhookDeps,
  workspaceId: string,
  input: { url: string; events?: string[] | null },
): Promise<WebhookView & { secret: string }> {
  const url = await checkURL(deps, input.url)
  const now = deps.now().toISOString()
  const id = newId('wh')
  const secret = newWebhookSecret()
  const row: WebhookEndpointRow = {
    id,
    workspaceId,
    url,
    events: eventsColumn(input.events),
    secretSealed: seal(
      deps.keyring,
      secret,
      endpointSecretContext({ workspaceId, id }, 'secret_sealed'),
    ),
    previousSecretSealed: null,
    previousSecretExpiresAt: null,
    enabled: 1,
    disabledReason: null,
    failingSince: null,
    createdAt: now,
    updatedAt: now,
  }
  await insertWebhookEndpoint(deps.db, row)
  return { ...toWebhookView(row), secret }
}

export async function listEndpoints(
  deps: WebhookDeps,
  workspaceId: string,
  page: { cursor?: string; limit: number },
): Promise<{ data: WebhookView[]; nextCursor: string | null }> {
  const rows = await listWebhookEndpoints(deps.db, workspaceId, {
    ...(page.cursor !== undefined ? { afterId: page.cursor } : {}),
    limit: page.limit,
  })
  const data = rows.slice(0, page.limit)
  return {
    data: data.map(toWebhookView),
    nextCursor: rows.length > page.limit ? data.at(-1)!.id : null,
  }
}

export async function getEndpoint(
  deps: WebhookDeps,
  workspaceId: string,
  id: string,
): Promise<WebhookView> {
  return toWebhookView(await requireEndpoint(deps, workspaceId, id))
}

/** PATCH: url, events, enabled. Re-enabling clears the disable reason and the failure streak. */
export async function updateEndpoint(
  deps: WebhookDeps,
  workspaceId: string,
  id: string,
  input: { url?: string; events?: string[] | null; enabled?: boolean },
): Promise<WebhookView> {
  await requireEndpoint(deps, workspaceId, id)
  const changes: Partial<WebhookEndpointRow> = { updatedAt: deps.now().toISOString() }
  if (input.url !== undefined) changes.url = await checkURL(deps, input.url)
  if (input.events !== undefined) changes.events = eventsColumn(input.events)
  if (input.enabled === true)
    Object.assign(changes, { enabled: 1, disabledReason: null, failingSince: null })
  if (input.enabled === false)
    Object.assign(changes, { enabled: 0, disabledReason: 'disabled through the API' })
  await updateWebhookEndpoint(deps.db, workspaceId, id, changes)
  return getEndpoint(deps, workspaceId, id)
}

export async function removeEndpoint(
  deps: WebhookDeps,
  workspaceId: string,
  id: string,
): Promise<void> {
  if (!(await deleteWebhookEndpoint(deps.db, workspaceId, id))) {
    throw new AppError('webhook_not_found', `No webhook ${id} in this workspace.`)
  }
}

/**
 * A new secret; the old one keeps signing alongside it for `overlapSeconds` (default 24 h), so receivers can
 * switch without dropping a delivery.
 */
export async function rotateEndpointSecret(
  deps: WebhookDeps,
  workspaceId: string,
  id: string,
  overlapSeconds = ROTATION_OVERLAP_SECONDS,
): Promise<WebhookView & { secret: string; previousSecretExpiresAt: string | null }> {
  const row = await requireEndpoint(deps, workspaceId, id)
  const now = deps.now()
  const secret = newWebhookSecret()
  const previousSecretExpiresAt =
    overlapSeconds > 0 ? new Date(now.getTime() + overlapSeconds * 1000).toISOString() : null
  // The old sealed value moves column, so it is re-sealed under its new AAD (column name is part of it).
  const oldSecret = open(
    deps.keyring,
    row.secretSealed,
    endpointSecretContext(row, 'secret_sealed'),
  )
  await updateWebhookEndpoint(deps.db, workspaceId, id, {
    secretSealed: seal(deps.keyring, secret, endpointSecretContext(row, 'secret_sealed')),
    previousSecretSealed: previousSecretExpiresAt
      ? seal(deps.keyring, oldSecret, endpointSecretContext(row, 'previous_secret_sealed'))
      : null,
    previousSecretExpiresAt,
    updatedAt: now.toISOString(),
  })
  return { ...(await getEndpoint(deps, workspaceId, id)), secret, previousSecretExpiresAt }
}

/** POST /v1/webhooks/{id}/test: a webhook.test event delivered to this endpoint only, through the normal path. */
export async function sendTestEvent(
  deps: WebhookDeps,
  workspaceId: string,
  id: string,
): Promise<{ eventId: string; deliveryId: string }> {
  const endpoint = await requireEndpoint(deps, workspaceId, id)
  const now = deps.now()
  const at = now.toISOString()
  const eventId = newId('evt', now.getTime())
  const deliveryId = newId('dlv', now.getTime())
  await deps.db.transaction().execute(async (trx) => {
    await insertEvent(trx, {
      id: eventId,
      workspaceId,
      type: 'webhook.test',
      data: JSON.stringify({ webhookId: endpoint.id, message: 'A test event from Keyport.' }),
      createdAt: at,
      credentialId: null,
    })
    await insertDeliveries(trx, [
      {
        id: deliveryId,
        workspaceId,
        endpointId: endpoint.id,
        eventId,
        status: 'pending',
        attempts: 0,
        nextAttemptAt: at,
        leaseUntil: null,
        leaseOwner: null,
        lastStatusCode: null,
        lastError: null,
        lastAttemptAt: null,
        createdAt: at,
        updatedAt: at,
      },
    ])
  })
  return { eventId, deliveryId }
}

export async function listEndpointDeliveries(
  deps: WebhookDeps,
  workspaceId: string,
  id: string,
  options: { status?: WebhookDeliveryRow['status']; after?: string; limit: number },
): Promise<{ data: DeliveryView[]; nextCursor: string | null }> {
  await requireEndpoint(deps, workspaceId, id)
  const rows = await listDeliveries(deps.db, workspaceId, id, {
    limit: options.limit,
    ...(options.status ? { status: options.status } : {}),
    ...(options.after ? { afterId: options.after } : {}),
  })
  const page = rows.slice(0, options.limit)
  return {
    data: page.map(toDeliveryView),
    nextCursor: rows.length > options.limit ? page.at(-1)!.id : null,
  }
}

/** Manual retry: the delivery is due now, whatever happened before (a failed one gets one more attempt). */
export async function retryDelivery(
  deps: WebhookDeps,
  workspaceId: string,
  id: string,
  deliveryId: string,
): Promise<DeliveryView> {
  await requireEndpoint(deps, workspaceId, id)
  const found = await findDelivery(deps.db, workspaceId, id, deliveryId)
  if (!found)
    throw new AppError('delivery_not_found', `No delivery ${deliveryId} for webhook ${id}.`)
  await retryDeliveryNow(deps.db, workspaceId, deliveryId, deps.now().toISOString())
  return toDeliveryView((await findDelivery(deps.db, workspaceId, id, deliveryId))!)
}

/** GET /v1/events: the feed for reconciling missed deliveries, oldest first after a cursor. */
export async function listEventFeed(
  deps: Pick<WebhookDeps, 'db'>,
  workspaceId: string,
  options: { type?: string; after?: string; limit: number },
): Promise<{ data: EventView[]; nextCursor: string | null }> {
  const rows = await listEvents(deps.db, workspaceId, {
    limit: options.limit,
    ...(options.type ? { type: options.type } : {}),
    ...(options.after ? { afterId: options.after } : {}),
  })
  const page = rows.slice(0, options.limit)
  return {
    data: page.map(toEventView),
    nextCursor: rows.length > options.limit ? page.at(-1)!.id : null,
  }
}
