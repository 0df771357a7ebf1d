// The counters behind GET /metrics, driven through the API and the worker as in production: OAuth refresh
// outcomes against a real authorization server, expirations (counted once per transition, however many callers
// race to make it), activity-log flushes, and webhook delivery attempts against a local receiver.
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Worker } from '../src/worker/index.js'
import { TEST_DATABASES } from './support/databases.js'
import { createUserCredential } from './support/credentials.js'
import { startHarness, type Harness } from './support/harness.js'
import { scrape } from './support/metrics.js'
import { startTestProvider, type TestProvider } from './support/oidc-provider.js'
import {
  REFRESH_APP,
  REFRESH_REDIRECT,
  importGrant,
  startTokenProxy,
  writeRefreshCatalog,
  type TokenProxy,
} from './support/oidc-refresh.js'
import { freePort } from './support/ports.js'
import { startReceiver, type Receiver } from './support/receiver.js'

/** The change in each counter across `action`, read through GET /metrics before and after. */
async function deltas(
  h: Harness,
  action: () => Promise<unknown>,
): Promise<(name: string, labels?: Record<string, string>) => number> {
  const before = await scrape(h)
  await action()
  const after = await scrape(h)
  return (name, labels) => after(name, labels) - before(name, labels)
}

describe.each(TEST_DATABASES)('metrics counters on $name', (database) => {
  let provider: TestProvider
  let proxy: TokenProxy
  let receiver: Receiver
  let worker: Worker
  let h: Harness

  beforeAll(async () => {
    provider = await startTestProvider({ redirectURIs: [REFRESH_REDIRECT], accessTokenTTL: 600 })
    proxy = await startTokenProxy(provider)
    const catalog = writeRefreshCatalog(provider, proxy.url)
    // An API-key app with no way to verify a key: a report of it being invalid expires it.
    writeFileSync(
      join(catalog, 'unverifiable.json'),
      JSON.stringify({
        id: 'unverifiable',
        name: 'Unverifiable',
        categories: ['other'],
        docsURL: 'https://example.com/docs',
        confirmation: 'unconfirmed',
        auth: {
          type: 'api_key',
          fields: [{ name: 'apiKey', displayName: 'API key', secret: true }],
        },
      }),
    )
    h = await startHarness(database, {
      catalogDirs: [catalog],
      webhookAllowedHosts: ['127.0.0.1'],
      trustedPrivateHosts: ['127.0.0.1'], // the loopback provider
    })
    await h.request('PUT', `/v1/apps/${REFRESH_APP}/oauth-client`, {
      body: { clientId: provider.clientId, clientSecret: provider.clientSecret },
    })
    receiver = await startReceiver()
    worker = new Worker({ ...h.deps, onError: () => undefined, delivery: { timeoutMs: 2000 } })
  })
  afterAll(async () => {
    await worker?.stop()
    await receiver?.close()
    await h?.close()
    await proxy?.close()
    await provider?.close()
  })

  const check = async (id: string) =>
    (await h.request('POST', `/v1/credentials/${id}/check`)).json().outcome

  it('counts refreshes by outcome: refreshed, failed (provider down), invalid_grant (and that expiry)', async () => {
    const good = await importGrant(h, provider, `metrics-good-${database.name}`)
    const bogus = await importGrant(h, provider, `metrics-bogus-${database.name}`, {
      refreshToken: 'not-a-refresh-token',
    })

    const refreshed = await deltas(h, async () => expect(await check(good)).toBe('refreshed'))
    expect(refreshed('keyport_oauth_refreshes_total', { outcome: 'refreshed' })).toBe(1)
    expect(refreshed('keyport_oauth_refreshes_total', { outcome: 'failed' })).toBe(0)

    proxy.stall('unavailable')
    const failed = await deltas(h, async () => expect(await check(good)).toBe('unavailable'))
    proxy.stall('none')
    expect(failed('keyport_oauth_refreshes_total', { outcome: 'failed' })).toBe(1)
    expect(failed('keyport_oauth_refreshes_total', { outcome: 'refreshed' })).toBe(0)

    const rejected = await deltas(h, async () => expect(await check(bogus)).toBe('expired'))
    expect(rejected('keyport_oauth_refreshes_total', { outcome: 'invalid_grant' })).toBe(1)
    expect(rejected('keyport_credential_expirations_total', { reason: 'refresh_rejected' })).toBe(1)
  })

  it('counts an expiration once per transition, however many reports race to make it', async () => {
    const { credentialId } = await createUserCredential(h, {
      username: `metrics-reported-${database.name}`,
      app: 'unverifiable',
      data: { apiKey: 'unverifiable-key-1234' },
    })
    const reported = await deltas(h, () =>
      Promise.all(
        Array.from({ length: 5 }, () =>
          h.request('POST', `/v1/credentials/${credentialId}/report-invalid`),
        ),
      ),
    )
    expect((await h.request('GET', `/v1/credentials/${credentialId}`)).json().status).toBe(
      'expired',
    )
    expect(reported('keyport_credential_expirations_total', { reason: 'reported_invalid' })).toBe(1)
  })

  it('times activity-log flushes and counts the audit rows they write', async () => {
    const { credentialId } = await createUserCredential(h, {
      username: `metrics-audited-${database.name}`,
      app: 'unverifiable',
      data: { apiKey: 'audited-key-1234' },
    })
    await h.deps.activity.flush()
    const flushed = await deltas(h, async () => {
      for (let i = 0; i < 2; i++)
        expect((await h.request('GET', `/v1/credentials/${credentialId}/secret`)).statusCode).toBe(
          200,
        )
      await h.deps.activity.flush()
      await h.deps.activity.flush() // nothing left to write: not a flush
    })
    expect(flushed('keyport_activity_audit_rows_flushed_total')).toBe(2)
    expect(flushed('keyport_activity_flush_duration_seconds_count')).toBe(1)
    expect(flushed('keyport_activity_flush_failures_total')).toBe(0)
  })

  it('counts webhook delivery attempts by outcome: succeeded, failed (non-2xx), unreachable', async () => {
    const hook = async (url: string) =>
      (await h.request('POST', '/v1/webhooks', { body: { url, events: ['webhook.test'] } })).json()
        .webhookId as string
    const answering = await hook(receiver.url)
    const closed = await hook(`http://127.0.0.1:${await freePort()}/hook`)
    const attempts = (outcome: string) => ({ outcome })
    // One test event, delivered by one pass of the worker: what each counter moved by.
    const sendTestEvent = (webhookId: string) =>
      deltas(h, async () => {
        await h.request('POST', `/v1/webhooks/${webhookId}/test`)
        expect(await worker.deliveries.drain()).toBe(1)
      })
    const name = 'keyport_webhook_delivery_attempts_total'

    const ok = await sendTestEvent(answering)
    expect(ok(name, attempts('succeeded'))).toBe(1)
    expect(ok(name, attempts('failed')) + ok(name, attempts('unreachable'))).toBe(0)

    receiver.script((_r, _n, res) => void res.writeHead(500).end())
    const refused = await sendTestEvent(answering)
    expect(refused(name, attempts('failed'))).toBe(1)
    expect(refused(name, attempts('succeeded'))).toBe(0)

    const unreachable = await sendTestEvent(closed)
    expect(unreachable(name, attempts('unreachable'))).toBe(1)
  })
})
