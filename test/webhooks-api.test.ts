// Webhook endpoints, deliveries and the event feed through HTTP, on every test database.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Worker } from '../src/worker/index.js'
import { createUserCredential } from './support/credentials.js'
import { TEST_DATABASES } from './support/databases.js'
import { startHarness, type Harness } from './support/harness.js'
import { startReceiver, type Receiver } from './support/receiver.js'

describe.each(TEST_DATABASES)('webhooks API on $name', (database) => {
  let h: Harness
  let receiver: Receiver
  let worker: Worker
  beforeAll(async () => {
    h = await startHarness(database, { webhookAllowedHosts: ['127.0.0.1'] })
    receiver = await startReceiver()
    worker = new Worker({
      ...h.deps,
      onError: (e) => console.error(e),
      delivery: { timeoutMs: 2000 },
    })
  })
  afterAll(async () => {
    await worker?.stop()
    await receiver?.close()
    await h?.close()
  })

  it('creates an endpoint, shows the secret once, delivers a signed credential.created event', async () => {
    const created = await h.request('POST', '/v1/webhooks', { body: { url: receiver.url } })
    expect(created.statusCode).toBe(201)
    const hook = created.json()
    expect(hook).toMatchObject({ url: receiver.url, events: null, enabled: true })
    expect(hook.webhookId).toMatch(/^wh_/)
    expect(hook.secret).toMatch(/^whsec_/)
    const fetched = await h.request('GET', `/v1/webhooks/${hook.webhookId}`)
    expect(fetched.statusCode).toBe(200)
    expect(fetched.body).not.toContain(hook.secret)
    expect(fetched.json()).not.toHaveProperty('secret')
    expect((await h.request('GET', '/v1/webhooks')).body).not.toContain(hook.secret)

    const { userId, credentialId } = await createUserCredential(h, {
      username: 'hooked',
      email: 'h@example.com',
      app: 'stripe',
      data: { apiKey: 'sk_test_abcdefghij1234567890' },
      skipVerification: true,
    })
    expect(await worker.deliveries.drain()).toBe(1)
    expect(receiver.received).toHaveLength(1)
    const [got] = receiver.received
    expect(receiver.verify(got!, hook.secret)).toMatchObject({
      type: 'credential.created',
      data: {
        userId,
        userEmail: 'h@example.com',
        credentialId,
        app: 'stripe',
        credentialName: 'Stripe',
      },
    })
    expect(got!.body).not.toContain('sk_test_')
    expect(got!.headers['webhook-id']).toBe(got!.json.id)

    const deliveries = (await h.request('GET', `/v1/webhooks/${hook.webhookId}/deliveries`)).json()
    expect(deliveries.data).toEqual([
      expect.objectContaining({
        eventId: got!.json.id,
        eventType: 'credential.created',
        status: 'succeeded',
        attempts: 1,
        lastStatusCode: 204,
        nextAttemptAt: null,
      }),
    ])

    const events = (await h.request('GET', '/v1/events?type=credential.created')).json()
    expect(events.data.map((e: { id: string }) => e.id)).toEqual([got!.json.id])
    expect(events.data[0]).toEqual(got!.json)
  })

  it('filters by event type, sends test events, rotates secrets with both signatures during the overlap', async () => {
    const hook = (
      await h.request('POST', '/v1/webhooks', {
        body: { url: receiver.url, events: ['credential.expired'] },
      })
    ).json()
    const before = receiver.received.length
    const test = await h.request('POST', `/v1/webhooks/${hook.webhookId}/test`)
    expect(test.statusCode).toBe(202)
    await worker.deliveries.drain()
    const testDelivery = receiver.received.slice(before)
    expect(testDelivery.map((r) => r.json.type)).toEqual(['webhook.test'])
    expect(receiver.verify(testDelivery[0]!, hook.secret)).toMatchObject({ type: 'webhook.test' })

    const rotated = await h.request('POST', `/v1/webhooks/${hook.webhookId}/rotate-secret`)
    expect(rotated.statusCode).toBe(200)
    const { secret: newSecret, previousSecretExpiresAt } = rotated.json()
    expect(newSecret).toMatch(/^whsec_/)
    expect(newSecret).not.toBe(hook.secret)
    expect(previousSecretExpiresAt).not.toBeNull()
    await h.request('POST', `/v1/webhooks/${hook.webhookId}/test`)
    await worker.deliveries.drain()
    const afterRotation = receiver.received.at(-1)!
    expect(afterRotation.headers['webhook-signature']!.split(' ')).toHaveLength(2)
    expect(receiver.verify(afterRotation, newSecret)).toMatchObject({ type: 'webhook.test' })
    expect(receiver.verify(afterRotation, hook.secret)).toMatchObject({ type: 'webhook.test' })

    // Without an overlap only the new secret signs.
    const hard = (
      await h.request('POST', `/v1/webhooks/${hook.webhookId}/rotate-secret`, {
        body: { overlapSeconds: 0 },
      })
    ).json()
    await h.request('POST', `/v1/webhooks/${hook.webhookId}/test`)
    await worker.deliveries.drain()
    const last = receiver.received.at(-1)!
    expect(receiver.verify(last, hard.secret)).toMatchObject({ type: 'webhook.test' })
    expect(() => receiver.verify(last, newSecret)).toThrow()

    const patched = await h.request('PATCH', `/v1/webhooks/${hook.webhookId}`, {
      body: { events: ['credential.created', 'credential.deleted'] },
    })
    expect(patched.json().events).toEqual(['credential.created', 'credential.deleted'])
    expect(
      (
        await h.request('PATCH', `/v1/webhooks/${hook.webhookId}`, {
          body: { events: ['credential.bogus'] },
        })
      ).statusCode,
    ).toBe(400)
    expect((await h.request('DELETE', `/v1/webhooks/${hook.webhookId}`)).statusCode).toBe(204)
    expect((await h.request('GET', `/v1/webhooks/${hook.webhookId}`)).statusCode).toBe(404)
  })

  it('refuses private destinations at creation and explains why', async () => {
    for (const url of [
      'http://10.0.0.5/hook',
      'http://169.254.169.254/latest',
      'http://[::1]:9/x',
      'http://localhost:1/x',
      'ftp://example.com/x',
    ]) {
      const response = await h.request('POST', '/v1/webhooks', { body: { url } })
      expect(response.statusCode, url).toBe(422)
      expect(response.json().error.code).toBe('invalid_webhook_url')
    }
    const unknownField = await h.request('POST', '/v1/webhooks', {
      body: { url: receiver.url, secret: 'mine' },
    })
    expect(unknownField.statusCode).toBe(400)
  })

  it('pages the event feed with after=', async () => {
    const all = (await h.request('GET', '/v1/events?limit=500')).json().data as Array<{
      id: string
    }>
    expect(all.length).toBeGreaterThanOrEqual(2)
    const first = (await h.request('GET', '/v1/events?limit=1')).json()
    expect(first.data).toHaveLength(1)
    expect(first.nextCursor).toBe(first.data[0].id)
    const rest = (await h.request('GET', `/v1/events?after=${first.nextCursor}&limit=500`)).json()
    expect(rest.data.map((e: { id: string }) => e.id)).toEqual(all.slice(1).map((e) => e.id))
  })

  it('needs an API key and hides other workspaces behind 404', async () => {
    const hook = (await h.request('POST', '/v1/webhooks', { body: { url: receiver.url } })).json()
    await h.request('POST', `/v1/webhooks/${hook.webhookId}/test`)
    const [delivery] = (await h.request('GET', `/v1/webhooks/${hook.webhookId}/deliveries`)).json()
      .data
    const routes: Array<[string, string, unknown?]> = [
      ['GET', '/v1/webhooks'],
      ['POST', '/v1/webhooks', { url: receiver.url }],
      ['GET', `/v1/webhooks/${hook.webhookId}`],
      ['PATCH', `/v1/webhooks/${hook.webhookId}`, { enabled: false }],
      ['DELETE', `/v1/webhooks/${hook.webhookId}`],
      ['POST', `/v1/webhooks/${hook.webhookId}/rotate-secret`],
      ['POST', `/v1/webhooks/${hook.webhookId}/test`],
      ['GET', `/v1/webhooks/${hook.webhookId}/deliveries`],
      ['POST', `/v1/webhooks/${hook.webhookId}/deliveries/${delivery.deliveryId}/retry`],
      ['GET', '/v1/events'],
    ]
    for (const [method, url, body] of routes) {
      expect(
        (await h.request(method, url, { body, apiKey: null })).statusCode,
        `${method} ${url}`,
      ).toBe(401)
    }
    for (const [method, url, body] of routes.filter(([, url]) => url.includes(hook.webhookId))) {
      const response = await h.request(method, url, { body, apiKey: h.otherApiKey })
      expect(response.statusCode, `${method} ${url}`).toBe(404)
      expect(response.json().error.code).toBe('webhook_not_found')
    }
    // The other workspace sees none of this workspace's endpoints or events.
    expect((await h.request('GET', '/v1/webhooks', { apiKey: h.otherApiKey })).json().data).toEqual(
      [],
    )
    expect((await h.request('GET', '/v1/events', { apiKey: h.otherApiKey })).json().data).toEqual(
      [],
    )
    // And still exists for its owner, untouched.
    expect((await h.request('GET', `/v1/webhooks/${hook.webhookId}`)).json().enabled).toBe(true)
  })
})
