// The SSRF guard through the API and the worker: hostile destinations are refused at creation with the reason,
// the allow-listed local receiver works, and a destination refused at send time is recorded on the delivery.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createOutboundClient } from '../src/net/index.js'
import { Worker } from '../src/worker/index.js'
import { TEST_DATABASES } from './support/databases.js'
import { startHarness, type Harness } from './support/harness.js'
import { startReceiver, type Receiver } from './support/receiver.js'

const HOSTILE = [
  'http://127.0.0.1:8080/hook',
  'http://2130706433/hook', // 127.0.0.1, decimal
  'http://0x7f000001/hook', // hex
  'http://0177.0.0.1/hook', // octal
  'http://127.1/hook',
  'http://0.0.0.0/hook',
  'http://10.0.0.1/hook',
  'http://172.20.1.1/hook',
  'http://192.168.0.10/hook',
  'http://100.64.1.1/hook', // CGNAT
  'http://169.254.169.254/latest/meta-data/iam/', // metadata
  'http://metadata.google.internal/computeMetadata/v1/',
  'http://[::1]/hook',
  'http://[::ffff:127.0.0.1]/hook', // IPv4-mapped
  'http://[::ffff:a9fe:a9fe]/hook', // mapped metadata
  'http://[fd00:ec2::254]/hook',
  'http://[fe80::1%25eth0]/hook',
  'http://localhost/hook',
  'http://localhost./hook',
  'gopher://example.com/hook',
]

describe.each(TEST_DATABASES)('webhook SSRF guard on $name', (database) => {
  let h: Harness
  let strictNode: Harness
  let receiver: Receiver
  beforeAll(async () => {
    h = await startHarness(database, { webhookAllowedHosts: ['127.0.0.1'] })
    strictNode = await startHarness(database) // no KEYPORT_WEBHOOK_ALLOWED_HOSTS
    receiver = await startReceiver()
  })
  afterAll(async () => {
    await receiver?.close()
    await strictNode?.close()
    await h?.close()
  })

  it('refuses every hostile destination at creation, saying why', async () => {
    for (const url of HOSTILE) {
      const response = await strictNode.request('POST', '/v1/webhooks', { body: { url } })
      expect(response.statusCode, url).toBe(422)
      expect(response.json().error).toMatchObject({
        code: 'invalid_webhook_url',
        fields: [expect.objectContaining({ field: 'url' })],
      })
    }
    expect((await strictNode.request('GET', '/v1/webhooks')).json().data).toEqual([])
    // The allow-list names an address, not a spelling: every encoding of 127.0.0.1 is that address.
    const decimal = await h.request('POST', '/v1/webhooks', {
      body: { url: 'http://2130706433:9/hook' },
    })
    expect(decimal.statusCode).toBe(201)
    expect(decimal.json().url).toBe('http://127.0.0.1:9/hook')
    expect(
      (await h.request('POST', '/v1/webhooks', { body: { url: 'http://10.0.0.1/hook' } }))
        .statusCode,
    ).toBe(422)
    await h.request('DELETE', `/v1/webhooks/${decimal.json().webhookId}`)
  })

  it('delivers to an allow-listed local receiver, and records a refusal when the allow-list no longer covers it', async () => {
    const hook = (await h.request('POST', '/v1/webhooks', { body: { url: receiver.url } })).json()
    const allowed = new Worker({ ...h.deps, onError: (e) => console.error(e) })
    await h.request('POST', `/v1/webhooks/${hook.webhookId}/test`)
    await allowed.deliveries.drain()
    expect(receiver.received).toHaveLength(1)
    expect(receiver.verify(receiver.received[0]!, hook.secret)).toMatchObject({
      type: 'webhook.test',
    })

    // Same database, a node configured without the allow-list: the check runs at send time, every time.
    const strictClient = createOutboundClient({ trusted: [] })
    const strict = new Worker({ ...h.deps, webhookClient: strictClient, onError: () => undefined })
    await h.request('POST', `/v1/webhooks/${hook.webhookId}/test`)
    await strict.deliveries.drain()
    expect(receiver.received).toHaveLength(1)
    const [latest] = (
      await h.request('GET', `/v1/webhooks/${hook.webhookId}/deliveries?status=pending`)
    ).json().data
    expect(latest.lastError).toMatch(/^refused: 127\.0\.0\.1 is a private, loopback/)
    await strict.stop()
    await strictClient.close()
    await allowed.stop()
  })
})
