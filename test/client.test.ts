// @keyport/client against a live Keyport on loopback (real HTTP, both databases): typed answers and errors, cursors
// followed by async iteration, an Idempotency-Key on creates that makes a retried create happen once, 429s retried
// after Retry-After, 503s retried only when safe, and webhook deliveries verified with verifyWebhook.
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Keyport, KeyportError, verifyWebhook } from '../packages/client/src/index.js'
import { createRateLimits } from '../src/ratelimit/index.js'
import { Worker } from '../src/worker/index.js'
import { TEST_DATABASES } from './support/databases.js'
import { startHarness, type Harness } from './support/harness.js'
import { startReceiver, type Receiver } from './support/receiver.js'

async function listen(h: Harness): Promise<string> {
  await h.app.listen({ host: '127.0.0.1', port: 0 })
  return `http://127.0.0.1:${(h.app.server.address() as AddressInfo).port}`
}

describe.each(TEST_DATABASES)('@keyport/client on $name', (database) => {
  let h: Harness
  let baseUrl: string
  let keyport: Keyport
  let receiver: Receiver
  let worker: Worker
  beforeAll(async () => {
    h = await startHarness(database, { webhookAllowedHosts: ['127.0.0.1'] })
    baseUrl = await listen(h)
    keyport = new Keyport({ apiKey: h.apiKey, baseUrl })
    receiver = await startReceiver()
    worker = new Worker({ ...h.deps, onError: () => {}, delivery: { timeoutMs: 2000 } })
  })
  afterAll(async () => {
    await worker?.stop()
    await receiver?.close()
    await h?.close()
  })

  it('creates, reads, updates and lists users and credentials, following cursors', async () => {
    const made = []
    for (let i = 0; i < 5; i++)
      made.push(await keyport.users.create({ username: `client-${i}`, metadata: { batch: 'c' } }))
    expect(made[0]!.userId).toMatch(/^usr_/)
    const listed = await keyport.users.list({ limit: 2, metadata: { batch: 'c' } }).toArray()
    expect(listed.map((u) => u.userId)).toEqual(made.map((u) => u.userId))
    const firstPage = await keyport.users.list({ limit: 2 }).firstPage()
    expect(firstPage.data).toHaveLength(2)
    expect(firstPage.nextCursor).not.toBeNull()

    const credential = await keyport.credentials.create({
      userId: made[0]!.userId,
      app: 'stripe',
      data: { apiKey: 'sk_test_clientclientclient0000' },
      skipVerification: true,
      metadata: { plan: 'pro' },
    })
    expect(credential).toMatchObject({ app: 'stripe', status: 'active', metadata: { plan: 'pro' } })
    const secret = await keyport.credentials.secret(credential.credentialId)
    expect(secret.data).toEqual({ apiKey: 'sk_test_clientclientclient0000' })
    const renamed = await keyport.credentials.update(credential.credentialId, { name: 'Billing' })
    expect(renamed.name).toBe('Billing')
    const mine: string[] = []
    for await (const c of keyport.users.credentials(made[0]!.userId)) mine.push(c.credentialId)
    expect(mine).toEqual([credential.credentialId])
    expect((await keyport.apps.get('stripe')).name).toBe('Stripe')
    const apps = await keyport.apps.list({ authType: 'api_key', limit: 50 }).toArray(110)
    expect(apps).toHaveLength(110)
    expect(new Set(apps.map((a) => a.app)).size).toBe(110)
    await keyport.credentials.delete(credential.credentialId)
    await expect(keyport.credentials.get(credential.credentialId)).rejects.toMatchObject({
      status: 404,
      code: 'credential_not_found',
    })
  })

  it('throws KeyportError with code, requestId and fields; another workspace sees 404', async () => {
    const error = await keyport.users
      .create({ username: '' })
      .then(() => null)
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(KeyportError)
    expect(error).toMatchObject({ status: 400, code: 'invalid_request' })
    expect((error as KeyportError).requestId).toMatch(/^req_/)
    const user = await keyport.users.create({ username: 'client-private' })
    const other = new Keyport({ apiKey: h.otherApiKey, baseUrl })
    await expect(other.users.get(user.userId)).rejects.toMatchObject({
      status: 404,
      code: 'user_not_found',
    })
    const wrongKey = new Keyport({ apiKey: 'kp_live_nope', baseUrl })
    await expect(wrongKey.users.get(user.userId)).rejects.toMatchObject({ status: 401 })
    await expect(keyport.proxy('cred_00000000000000000000000000', '/x')).rejects.toMatchObject({
      status: 404,
    })
  })

  it('sends an Idempotency-Key on creates, so a create whose answer was lost happens once', async () => {
    const sent: (string | null)[] = []
    let lose = true
    const losing = new Keyport({
      apiKey: h.apiKey,
      baseUrl,
      fetch: async (input, init) => {
        sent.push(new Headers(init?.headers).get('idempotency-key'))
        const response = await fetch(input, init)
        if (lose) {
          lose = false
          await response.arrayBuffer()
          throw new TypeError('fetch failed: the answer was lost')
        }
        return response
      },
    })
    const user = await losing.users.create({ username: 'client-once' })
    expect(sent).toHaveLength(2)
    expect(sent[0]).toMatch(/^[0-9a-f-]{36}$/)
    expect(sent[1]).toBe(sent[0])
    const same = await keyport.users.list({ search: 'client-once' }).toArray()
    expect(same.map((u) => u.userId)).toEqual([user.userId])
    // A key given by the caller is sent as is, and a second create under it replays the first.
    const again = await keyport.users.create(
      { username: 'client-keyed' },
      { idempotencyKey: 'order-77' },
    )
    const replay = await keyport.users.create(
      { username: 'client-keyed' },
      { idempotencyKey: 'order-77' },
    )
    expect(replay.userId).toBe(again.userId)
  })

  it('retries 503 only when the request is safe to repeat, and honours Retry-After', async () => {
    let hits = 0
    const flaky: Server = createServer((req, res) => {
      hits++
      req.resume()
      res.writeHead(503, { 'content-type': 'application/json', 'retry-after': '0' })
      res.end(JSON.stringify({ error: { code: 'not_ready', message: 'busy', requestId: 'req_x' } }))
    })
    await new Promise<void>((resolve) => flaky.listen(0, '127.0.0.1', resolve))
    const url = `http://127.0.0.1:${(flaky.address() as AddressInfo).port}`
    try {
      const client = new Keyport({ apiKey: 'k', baseUrl: url, maxRetries: 2 })
      await expect(client.credentials.check('cred_x')).rejects.toMatchObject({
        status: 503,
        code: 'not_ready',
        retryAfter: 0,
      })
      expect(hits).toBe(1) // a POST without an Idempotency-Key is not repeated
      hits = 0
      await expect(client.users.get('usr_x')).rejects.toMatchObject({ status: 503 })
      expect(hits).toBe(3)
      hits = 0
      await expect(client.users.create({ username: 'x' })).rejects.toMatchObject({ status: 503 })
      expect(hits).toBe(3)
    } finally {
      await new Promise((resolve) => flaky.close(resolve))
    }
  })

  it('waits out a 429 for the seconds Retry-After gives, then succeeds', async () => {
    const limited = await startHarness(database, {
      rateLimits: createRateLimits({ workspace: 2, connectToken: 100, agentToken: 100 }),
    })
    try {
      const seen: number[] = []
      const client = new Keyport({
        apiKey: limited.apiKey,
        baseUrl: await listen(limited),
        maxRetries: 6,
        fetch: async (input, init) => {
          const response = await fetch(input, init)
          seen.push(response.status)
          return response
        },
      })
      const answers = await Promise.all(Array.from({ length: 5 }, () => client.apps.get('stripe')))
      expect(answers.map((a) => a.app)).toEqual(Array(5).fill('stripe'))
      expect(seen).toContain(429)
      expect(seen.filter((s) => s === 200)).toHaveLength(5)
    } finally {
      await limited.close()
    }
  })

  it('verifies a real delivery with verifyWebhook and refuses a forged or stale one', async () => {
    const hook = await keyport.webhooks.create({ url: receiver.url, events: ['webhook.test'] })
    expect(hook.secret).toMatch(/^whsec_/)
    const listed = await keyport.webhooks.list().toArray()
    expect(listed.map((w) => w.webhookId)).toContain(hook.webhookId)
    const before = receiver.received.length
    expect((await h.request('POST', `/v1/webhooks/${hook.webhookId}/test`)).statusCode).toBe(202)
    await worker.deliveries.drain()
    const delivery = receiver.received[before]!
    const event = verifyWebhook(delivery.body, delivery.headers, hook.secret)
    expect((event as { type: string }).type).toBe('webhook.test')
    expect(() => verifyWebhook(delivery.body + ' ', delivery.headers, hook.secret)).toThrow(
      KeyportError,
    )
    expect(() => verifyWebhook(delivery.body, delivery.headers, 'whsec_' + 'A'.repeat(44))).toThrow(
      /no signature matches/,
    )
    expect(() =>
      verifyWebhook(delivery.body, delivery.headers, hook.secret, {
        now: () => Date.now() + 3_600_000,
      }),
    ).toThrow(/too old/)
    const deliveries = await keyport.webhooks.deliveries(hook.webhookId).toArray()
    expect(deliveries.length).toBeGreaterThan(0)
  })
})
