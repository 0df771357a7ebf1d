// The retry schedule, Retry-After, redirects, timeouts, 410 and disabling after days of failure, driven by a
// controllable clock and scripted receivers on 127.0.0.1.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { RETRY_DELAYS_MS } from '../src/webhooks/index.js'
import { createOutboundClient } from '../src/net/index.js'
import { Worker } from '../src/worker/index.js'
import { TEST_DATABASES } from './support/databases.js'
import { startHarness, type Harness } from './support/harness.js'
import { startReceiver, type Receiver } from './support/receiver.js'

describe.each(TEST_DATABASES)('webhook retries on $name', (database) => {
  let h: Harness
  let worker: Worker
  let clock = new Date('2026-03-01T00:00:00.000Z')
  const advance = (ms: number) => {
    clock = new Date(clock.getTime() + ms)
  }
  const receivers: Receiver[] = []
  const receiver = async (...args: Parameters<typeof startReceiver>) => {
    const r = await startReceiver(...args)
    receivers.push(r)
    return r
  }

  beforeAll(async () => {
    h = await startHarness(database, { webhookAllowedHosts: ['127.0.0.1'], now: () => clock })
    // random 0.5 = no jitter, so the schedule is exact.
    worker = new Worker({
      ...h.deps,
      onError: (e) => console.error(e),
      delivery: { timeoutMs: 400, random: () => 0.5 },
    })
  })
  afterAll(async () => {
    await worker?.stop()
    for (const r of receivers) await r.close()
    await h?.close()
  })

  async function hookTo(url: string): Promise<string> {
    const response = await h.request('POST', '/v1/webhooks', { body: { url } })
    expect(response.statusCode).toBe(201)
    return response.json().webhookId
  }
  async function deliveriesOf(webhookId: string) {
    return (await h.request('GET', `/v1/webhooks/${webhookId}/deliveries`)).json().data
  }

  it('walks 500 → 429 Retry-After → redirect (not followed) → timeout → 200, recording every attempt', async () => {
    const r = await receiver((request, n, res) => {
      if (request.headers['x-never'] !== undefined) return
      if (n === 0) return void res.writeHead(500).end('boom')
      if (n === 1) return void res.writeHead(429, { 'retry-after': '120' }).end()
      if (n === 2) return void res.writeHead(302, { location: '/followed' }).end()
      if (n === 3) return // hang: the worker's timeout must fire
      res.writeHead(200).end('ok')
    })
    const webhookId = await hookTo(r.url)
    await h.request('POST', `/v1/webhooks/${webhookId}/test`)
    const start = clock.getTime()

    expect(await worker.deliveries.drain()).toBe(1)
    let [d] = await deliveriesOf(webhookId)
    expect(d).toMatchObject({
      status: 'pending',
      attempts: 1,
      lastStatusCode: 500,
      nextAttemptAt: new Date(start + 5000).toISOString(),
    })
    expect(await worker.deliveries.drain()).toBe(0) // not due yet

    advance(5000)
    expect(await worker.deliveries.drain()).toBe(1)
    ;[d] = await deliveriesOf(webhookId)
    // 429 with Retry-After: 120 s, not the schedule's 60 s.
    expect(d).toMatchObject({
      attempts: 2,
      lastStatusCode: 429,
      nextAttemptAt: new Date(clock.getTime() + 120_000).toISOString(),
    })
    advance(60_000)
    expect(await worker.deliveries.drain()).toBe(0)
    advance(60_000)
    expect(await worker.deliveries.drain()).toBe(1)
    ;[d] = await deliveriesOf(webhookId)
    expect(d).toMatchObject({ attempts: 3, lastStatusCode: 302, status: 'pending' })
    expect(d.lastError).toMatch(/redirects are not followed/)
    expect(r.received).toHaveLength(3) // the redirect target was never requested

    advance(RETRY_DELAYS_MS[2]!)
    expect(await worker.deliveries.drain()).toBe(1)
    ;[d] = await deliveriesOf(webhookId)
    expect(d).toMatchObject({ attempts: 4, lastStatusCode: null, status: 'pending' })
    expect(d.lastError).toMatch(/timed out/)

    advance(RETRY_DELAYS_MS[3]!)
    expect(await worker.deliveries.drain()).toBe(1)
    ;[d] = await deliveriesOf(webhookId)
    expect(d).toMatchObject({
      attempts: 5,
      lastStatusCode: 200,
      status: 'succeeded',
      nextAttemptAt: null,
      lastError: null,
    })

    const attempts = await h.store.db
      .selectFrom('webhookAttempt')
      .select(['attempt', 'statusCode'])
      .where('deliveryId', '=', d.deliveryId)
      .orderBy('attempt')
      .execute()
    expect(attempts).toEqual([
      { attempt: 1, statusCode: 500 },
      { attempt: 2, statusCode: 429 },
      { attempt: 3, statusCode: 302 },
      { attempt: 4, statusCode: null },
      { attempt: 5, statusCode: 200 },
    ])
    expect(new Set(r.received.map((x) => x.headers['webhook-id']))).toEqual(new Set([d.eventId]))
    expect(r.received.every((x) => x.body === r.received[0]!.body)).toBe(true)
  })

  it('gives up after the schedule (about 3 days) and disables an endpoint failing for 5 days', async () => {
    const r = await receiver((_req, _n, res) => void res.writeHead(500).end())
    const webhookId = await hookTo(r.url)
    await h.request('POST', `/v1/webhooks/${webhookId}/test`)
    const start = clock.getTime()
    expect(await worker.deliveries.drain()).toBe(1)
    for (const delay of RETRY_DELAYS_MS) {
      advance(delay)
      expect(await worker.deliveries.drain()).toBe(1)
    }
    const [d] = await deliveriesOf(webhookId)
    expect(d).toMatchObject({
      status: 'failed',
      attempts: 11,
      nextAttemptAt: null,
      lastStatusCode: 500,
    })
    const days = (clock.getTime() - start) / 86_400_000
    expect(days).toBeGreaterThan(2.5)
    expect(days).toBeLessThan(3.5)
    expect(r.received).toHaveLength(11)
    advance(7 * 86_400_000)
    expect(await worker.deliveries.drain()).toBe(0)
    expect((await h.request('GET', `/v1/webhooks/${webhookId}`)).json().enabled).toBe(true) // 3 days: not yet

    // Day 10: still failing, 5+ days since the streak began → disabled, and nothing more is sent.
    await h.request('POST', `/v1/webhooks/${webhookId}/test`)
    expect(await worker.deliveries.drain()).toBe(1)
    const hook = (await h.request('GET', `/v1/webhooks/${webhookId}`)).json()
    expect(hook.enabled).toBe(false)
    expect(hook.disabledReason).toMatch(/failed since/)
    await h.request('POST', `/v1/webhooks/${webhookId}/test`)
    advance(86_400_000)
    expect(await worker.deliveries.drain()).toBe(0)
    expect(r.received).toHaveLength(12)
  })

  it('disables the endpoint on 410 Gone; re-enabling and a manual retry deliver', async () => {
    let gone = true
    const r = await receiver((_req, _n, res) => void res.writeHead(gone ? 410 : 204).end())
    const webhookId = await hookTo(r.url)
    await h.request('POST', `/v1/webhooks/${webhookId}/test`)
    expect(await worker.deliveries.drain()).toBe(1)
    const [d] = await deliveriesOf(webhookId)
    expect(d).toMatchObject({
      status: 'failed',
      attempts: 1,
      lastStatusCode: 410,
      nextAttemptAt: null,
    })
    const hook = (await h.request('GET', `/v1/webhooks/${webhookId}`)).json()
    expect(hook).toMatchObject({ enabled: false, disabledReason: 'the endpoint answered 410 Gone' })

    gone = false
    const retried = await h.request(
      'POST',
      `/v1/webhooks/${webhookId}/deliveries/${d.deliveryId}/retry`,
    )
    expect(retried.statusCode).toBe(202)
    expect(retried.json()).toMatchObject({ status: 'pending' })
    expect(await worker.deliveries.drain()).toBe(0) // the endpoint is still disabled
    expect(
      (await h.request('PATCH', `/v1/webhooks/${webhookId}`, { body: { enabled: true } })).json(),
    ).toMatchObject({ enabled: true, disabledReason: null })
    expect(await worker.deliveries.drain()).toBe(1)
    expect((await deliveriesOf(webhookId))[0]).toMatchObject({
      status: 'succeeded',
      attempts: 2,
      lastStatusCode: 204,
    })
    const missing = await h.request(
      'POST',
      `/v1/webhooks/${webhookId}/deliveries/dlv_00000000000000000000000000/retry`,
    )
    expect(missing.statusCode).toBe(404)
    expect(missing.json().error.code).toBe('delivery_not_found')
  })

  it('records an SSRF refusal on the delivery when the host is not allowed at send time', async () => {
    const r = await receiver()
    const webhookId = await hookTo(r.url)
    // The allow-list shrinks (a config change and restart): the same URL is refused at send time.
    const strictClient = createOutboundClient({ trusted: [] })
    const strict = new Worker({ ...h.deps, webhookClient: strictClient, onError: () => undefined })
    await h.request('POST', `/v1/webhooks/${webhookId}/test`)
    expect(await strict.deliveries.drain()).toBe(1)
    const [d] = await deliveriesOf(webhookId)
    expect(d.status).toBe('pending')
    expect(d.lastError).toMatch(/^refused: 127\.0\.0\.1 is a private, loopback/)
    expect(r.received).toHaveLength(0)
    await strict.stop()
    await strictClient.close()
  })
})
