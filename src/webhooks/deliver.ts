import { open, type Keyring } from '../crypto/index.js'
import { newId } from '../ids.js'
import {
  claimDueDeliveries,
  clearEndpointFailure,
  findEventsByIds,
  findWebhookEndpointsByIds,
  finishDeliveryAttempt,
  insertAttempt,
  noteEndpointFailure,
  releaseDeliveryLeases,
  updateWebhookEndpoint,
  type Store,
  type EventRow,
  type WebhookDeliveryRow,
  type WebhookEndpointRow,
} from '../store/index.js'
import { DISABLE_AFTER_MS, parseRetryAfter, retryDelay } from './retry.js'
import { postWebhook, type SendResult } from './send.js'
import { signedHeaders } from './signing.js'
import { endpointSecretContext } from './secrets.js'
import type { OutboundClient } from '../net/index.js'
import type { WebhookAttemptResult } from '../metrics/index.js'

export interface DeliveryContext {
  db: Store['db']
  dialect: 'sqlite' | 'postgres'
  keyring: Keyring
  now: () => Date
  /** The webhooks' outbound client (KEYPORT_WEBHOOK_ALLOWED_HOSTS): every send goes through it. */
  client: OutboundClient
  /** This node's lease owner id. */
  owner: string
  timeoutMs: number
  leaseMs: number
  random?: () => number
  signal?: AbortSignal
  /** Told how each recorded attempt ended, once its row is written (the node's metrics). */
  onAttempt?: (outcome: WebhookAttemptResult) => void
}

/** The body every attempt of an event sends, byte for byte (its signature covers it). */
export function eventBody(event: Pick<EventRow, 'id' | 'type' | 'createdAt' | 'data'>): string {
  return JSON.stringify({
    id: event.id,
    type: event.type,
    createdAt: event.createdAt,
    data: JSON.parse(event.data),
  })
}

/** The secrets that sign: the current one, and the previous one while its rotation overlap lasts. */
export function signingSecrets(
  keyring: Keyring,
  endpoint: WebhookEndpointRow,
  now: Date,
): string[] {
  const current = open(
    keyring,
    endpoint.secretSealed,
    endpointSecretContext(endpoint, 'secret_sealed'),
  )
  const previousValid =
    endpoint.previousSecretSealed !== null &&
    endpoint.previousSecretExpiresAt !== null &&
    endpoint.previousSecretExpiresAt > now.toISOString()
  if (!previousValid) return [current]
  return [
    current,
    open(
      keyring,
      endpoint.previousSecretSealed!,
      endpointSecretContext(endpoint, 'previous_secret_sealed'),
    ),
  ]
}

/** Claims up to `limit` due deliveries for this node. */
export async function claimDeliveries(
  ctx: DeliveryContext,
  limit: number,
): Promise<WebhookDeliveryRow[]> {
  const now = ctx.now()
  return claimDueDeliveries(ctx.db, ctx.dialect, {
    owner: ctx.owner,
    now: now.toISOString(),
    leaseUntil: new Date(now.getTime() + ctx.leaseMs).toISOString(),
    limit,
  })
}

/** Loads what the claimed deliveries need in two queries (events, endpoints). */
export async function loadDeliveryParts(
  ctx: DeliveryContext,
  deliveries: readonly WebhookDeliveryRow[],
): Promise<{ events: Map<string, EventRow>; endpoints: Map<string, WebhookEndpointRow> }> {
  const events = new Map(
    (await findEventsByIds(ctx.db, [...new Set(deliveries.map((d) => d.eventId))])).map((e) => [
      e.id,
      e,
    ]),
  )
  const endpointIds = [...new Set(deliveries.map((d) => d.endpointId))]
  const rows = await findWebhookEndpointsByIds(ctx.db, endpointIds)
  return { events, endpoints: new Map(rows.map((e) => [e.id, e])) }
}

/**
 * Sends one claimed delivery and records the attempt. Only 2xx succeeds; 410 disables the endpoint; 429 and 503
 * wait as long as Retry-After says; other failures follow the retry schedule; an endpoint failing for
 * DISABLE_AFTER_MS is disabled. A send cut short by shutdown is not counted: its lease is released instead.
 */
export async function deliverOne(
  ctx: DeliveryContext,
  delivery: WebhookDeliveryRow,
  endpoint: WebhookEndpointRow | undefined,
  event: EventRow | undefined,
): Promise<void> {
  if (!endpoint || !event || endpoint.enabled !== 1) {
    await releaseDeliveryLeases(ctx.db, ctx.owner, [delivery.id])
    return
  }
  const body = eventBody(event)
  // webhook-timestamp is checked by the receiver against its own clock, so it is always the wall clock, never
  // the injectable scheduling clock.
  const signedAt = Math.floor(Date.now() / 1000)
  const headers = signedHeaders(
    signingSecrets(ctx.keyring, endpoint, ctx.now()),
    event.id,
    signedAt,
    body,
  )
  const started = performance.now()
  const result = await postWebhook(endpoint.url, {
    headers: { ...headers },
    body,
    timeoutMs: ctx.timeoutMs,
    client: ctx.client,
    ...(ctx.signal ? { signal: ctx.signal } : {}),
  })
  if (result.aborted) {
    await releaseDeliveryLeases(ctx.db, ctx.owner, [delivery.id])
    return
  }
  await recordAttempt(ctx, delivery, endpoint, result, Math.round(performance.now() - started))
}

async function recordAttempt(
  ctx: DeliveryContext,
  delivery: WebhookDeliveryRow,
  endpoint: WebhookEndpointRow,
  result: SendResult,
  durationMs: number,
): Promise<void> {
  const now = ctx.now()
  const at = now.toISOString()
  const attempts = delivery.attempts + 1
  const succeeded = result.error === null
  const gone = result.statusCode === 410
  let nextAttemptAt: string | null = null
  let status: WebhookDeliveryRow['status'] = succeeded ? 'succeeded' : 'failed'
  if (!succeeded && !gone) {
    const waitFor =
      result.statusCode === 429 || result.statusCode === 503
        ? parseRetryAfter(result.retryAfter, now)
        : null
    const delay = waitFor ?? retryDelay(attempts, ctx.random)
    if (delay !== null) {
      status = 'pending'
      nextAttemptAt = new Date(now.getTime() + delay).toISOString()
    }
  }
  // The lease first: a node whose lease ran out (a slow send, a paused process) while another node claimed the
  // delivery records nothing — no attempt row, no endpoint failure — or one send would be counted twice.
  const recorded = await ctx.db.transaction().execute(async (trx) => {
    const stillOurs = await finishDeliveryAttempt(trx, delivery.id, ctx.owner, {
      status,
      attempts,
      nextAttemptAt,
      lastStatusCode: result.statusCode,
      lastError: result.error,
      lastAttemptAt: at,
      updatedAt: at,
    })
    if (!stillOurs) return false
    await insertAttempt(trx, {
      id: newId('att', now.getTime()),
      workspaceId: delivery.workspaceId,
      deliveryId: delivery.id,
      attempt: attempts,
      statusCode: result.statusCode,
      error: result.error,
      durationMs,
      createdAt: at,
    })
    if (succeeded) {
      if (endpoint.failingSince !== null)
        await clearEndpointFailure(trx, delivery.workspaceId, endpoint.id)
      return true
    }
    const failingSince = await noteEndpointFailure(trx, delivery.workspaceId, endpoint.id, at)
    const disabledReason = gone
      ? 'the endpoint answered 410 Gone'
      : now.getTime() - Date.parse(failingSince) >= DISABLE_AFTER_MS
        ? `every delivery has failed since ${failingSince}`
        : null
    if (disabledReason) {
      await updateWebhookEndpoint(trx, delivery.workspaceId, endpoint.id, {
        enabled: 0,
        disabledReason,
        updatedAt: at,
      })
    }
    return true
  })
  if (!recorded) return
  ctx.onAttempt?.(succeeded ? 'succeeded' : result.statusCode === null ? 'unreachable' : 'failed')
}
