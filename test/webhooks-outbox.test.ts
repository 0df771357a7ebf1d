// The outbox's event filter and the delivery lease, against real receivers: an endpoint subscribed to other events
// gets no delivery at all; a node whose lease ran out while another node claimed the delivery records nothing of
// its late send (no attempt row, no endpoint failure).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  claimDeliveries,
  deliverOne,
  loadDeliveryParts,
  type DeliveryContext,
} from '../src/webhooks/index.js'
import { Worker } from '../src/worker/index.js'
import { createUserCredential } from './support/credentials.js'
import { TEST_DATABASES } from './support/databases.js'
import { startHarness, type Harness } from './support/harness.js'
import { startReceiver, type Receiver } from './support/receiver.js'

describe.each(TEST_DATABASES)('webhook outbox and leases on $name', (database) => {
  let h: Harness
  let clock = new Date('2026-05-01T00:00:00.000Z')
  const receivers: Receiver[] = []
  const receiver = async (...args: Parameters<typeof startReceiver>) => {
    const r = await startReceiver(...args)
    receivers.push(r)
    return r
  }
  beforeAll(async () => {
    h = await startHarness(database, { webhookAllowedHosts: ['127.0.0.1'], now: () => clock })
  })
  afterAll(async () => {
    for (const r of receivers) await r.close()
    await h?.close()
  })

  const hook = async (url: string, events: string[] | null): Promise<string> =>
    (await h.request('POST', '/v1/webhooks', { body: { url, events } })).json().webhookId
  const deliveriesOf = async (webhookId: string): Promise<{ eventType: string }[]> =>
    (await h.request('GET', `/v1/webhooks/${webhookId}/deliveries`)).json().data

  it('gives an endpoint subscribed to other events no delivery', async () => {
    const expiredOnly = await receiver()
    const createdOnly = await receiver()
    const everything = await receiver()
    const expiredHook = await hook(expiredOnly.url, ['credential.expired', 'credential.deleted'])
    const createdHook = await hook(createdOnly.url, ['credential.created'])
    const allHook = await hook(everything.url, null)

    await createUserCredential(h, {
      username: 'subscriber',
      app: 'stripe',
      data: { apiKey: 'sk_test_subscribed0123456789' },
      skipVerification: true,
    })
    const worker = new Worker({ ...h.deps, onError: (e) => console.error(e) })
    await worker.deliveries.drain()
    await worker.stop()

    expect(await deliveriesOf(expiredHook)).toEqual([])
    expect(expiredOnly.received).toEqual([])
    expect((await deliveriesOf(createdHook)).map((d) => d.eventType)).toEqual([
      'credential.created',
    ])
    expect(createdOnly.received.map((r) => r.json.type)).toEqual(['credential.created'])
    expect(everything.received.map((r) => r.json.type)).toEqual(['credential.created'])
    expect((await deliveriesOf(allHook)).length).toBe(1)
    // Leave these endpoints out of the next test.
    for (const id of [expiredHook, createdHook, allHook])
      await h.request('DELETE', `/v1/webhooks/${id}`)
  })

  it('records nothing of a late node’s send once another node holds the lease', async () => {
    const failing = await receiver((_r, _n, res) => void res.writeHead(500).end())
    const webhookId = await hook(failing.url, ['webhook.test'])
    expect((await h.request('POST', `/v1/webhooks/${webhookId}/test`)).statusCode).toBe(202)

    const base = {
      db: h.store.db,
      dialect: h.store.dialect,
      keyring: h.keyring,
      now: () => clock,
      client: h.deps.webhookClient,
      timeoutMs: 2_000,
      leaseMs: 60_000,
    }
    const late: DeliveryContext = { ...base, owner: 'node-late' }
    const current: DeliveryContext = { ...base, owner: 'node-current' }
    const [claimed] = await claimDeliveries(late, 10)
    expect(claimed).toBeDefined()
    // The late node stalls past its lease; the other node claims the same delivery.
    clock = new Date(clock.getTime() + 61_000)
    const [reclaimed] = await claimDeliveries(current, 10)
    expect(reclaimed?.id).toBe(claimed!.id)

    const parts = await loadDeliveryParts(late, [claimed!])
    const endpoint = parts.endpoints.get(claimed!.endpointId)
    const event = parts.events.get(claimed!.eventId)
    await deliverOne(late, claimed!, endpoint, event)
    expect(failing.received).toHaveLength(1) // it did send: only the record is refused

    const attempts = () =>
      h.store.db
        .selectFrom('webhookAttempt')
        .select('attempt')
        .where('deliveryId', '=', claimed!.id)
        .execute()
    const endpointRow = () =>
      h.store.db
        .selectFrom('webhookEndpoint')
        .select('failingSince')
        .where('id', '=', webhookId)
        .executeTakeFirstOrThrow()
    const deliveryRow = () =>
      h.store.db
        .selectFrom('webhookDelivery')
        .select(['attempts', 'leaseOwner', 'status'])
        .where('id', '=', claimed!.id)
        .executeTakeFirstOrThrow()
    expect(await attempts()).toEqual([])
    expect((await endpointRow()).failingSince).toBeNull()
    expect(await deliveryRow()).toEqual({
      attempts: 0,
      leaseOwner: 'node-current',
      status: 'pending',
    })

    // The lease holder's attempt is recorded as usual.
    await deliverOne(current, reclaimed!, endpoint, event)
    expect((await attempts()).map((a) => a.attempt)).toEqual([1])
    expect((await endpointRow()).failingSince).not.toBeNull()
    expect(await deliveryRow()).toMatchObject({ attempts: 1, leaseOwner: null })
  })
})
