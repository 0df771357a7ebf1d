// Expiry detection: scheduled health checks, POST …/check and …/report-invalid, key lifetimes with advance
// warnings, OAuth tokens with no refresh token — each transition exactly once, even when two nodes detect it
// at the same moment. A local verification server plays the provider; a controllable clock plays time.
import { mkdtempSync, writeFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  createRefresher,
  credentialSweeps,
  type CredentialSweep,
} from '../src/credentials/index.js'
import { openStore, type Store } from '../src/store/index.js'
import { TEST_DATABASES } from './support/databases.js'
import { startHarness, type Harness } from './support/harness.js'

const DAY = 86_400_000

describe.each(TEST_DATABASES)('expiry detection on $name', (database) => {
  let h: Harness
  let server: Server
  let secondStore: Store
  let clock = new Date('2026-05-01T00:00:00.000Z')
  const advance = (ms: number) => (clock = new Date(clock.getTime() + ms))
  /** What the fake provider answers for each key. */
  const answers = new Map<string, number>()
  let verificationRequests = 0
  let nodeA: CredentialSweep[]
  let nodeB: CredentialSweep[]

  beforeAll(async () => {
    server = createServer((req, res) => {
      verificationRequests++
      const key = (req.headers.authorization ?? '').replace('Bearer ', '')
      res.writeHead(answers.get(key) ?? 401).end()
    })
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
    const port = (server.address() as { port: number }).port
    const dir = mkdtempSync(join(tmpdir(), 'keyport-expiry-catalog-'))
    const base = {
      categories: ['other'],
      docsURL: 'https://example.com/docs',
      confirmation: 'unconfirmed',
    }
    const keyField = { name: 'apiKey', displayName: 'API key', secret: true }
    writeFileSync(
      join(dir, 'checked-app.json'),
      JSON.stringify({
        ...base,
        id: 'checked-app',
        name: 'Checked App',
        auth: {
          type: 'api_key',
          fields: [keyField],
          verification: {
            method: 'GET',
            url: `http://127.0.0.1:${port}/me`,
            headers: { authorization: 'Bearer {apiKey}' },
          },
          checkIntervalSeconds: 3600,
          keyLifetimeSeconds: 10 * 86_400,
        },
      }),
    )
    writeFileSync(
      join(dir, 'unchecked-app.json'),
      JSON.stringify({
        ...base,
        id: 'unchecked-app',
        name: 'Unchecked App',
        auth: { type: 'api_key', fields: [keyField] },
      }),
    )
    h = await startHarness(database, {
      catalogDirs: [dir],
      now: () => clock,
      trustedPrivateHosts: ['127.0.0.1'], // the loopback provider
    })
    // A second node: its own connection pool on the same database, its own refresher, the same clock. On SQLite
    // (one writer, one node by design) a second synchronous connection in the same thread would wait on the first
    // while blocking it, so both sweeps share the connection and race at every await instead.
    secondStore = database.name === 'postgres' ? openStore(h.databaseConfig) : h.store
    const depsB = { ...h.deps, db: secondStore.db }
    nodeA = credentialSweeps(h.deps)
    nodeB = credentialSweeps({ ...depsB, refresher: createRefresher(depsB) })
  })
  afterAll(async () => {
    if (secondStore !== h?.store) await secondStore?.close()
    await h?.close()
    await new Promise((r) => server.close(r))
  })

  const sweep = (node: CredentialSweep[], name: string) => node.find((s) => s.name === name)!.run()
  const bothNodes = (name: string) => Promise.all([sweep(nodeA, name), sweep(nodeB, name)])

  async function newKey(app: string, key: string): Promise<string> {
    answers.set(key, 200)
    const { userId } = (
      await h.request('POST', '/v1/users', {
        body: { username: `u-${key}`, email: `${key}@example.com` },
      })
    ).json()
    const created = await h.request('POST', '/v1/credentials', {
      body: { userId, app, data: { apiKey: key } },
    })
    expect(created.statusCode).toBe(201)
    return created.json().credentialId
  }
  async function eventsFor(credentialId: string, type: string) {
    const all = (await h.request('GET', `/v1/events?type=${type}&limit=500`)).json().data
    return all.filter(
      (e: { data: { credentialId: string } }) => e.data.credentialId === credentialId,
    )
  }
  async function statusOf(credentialId: string) {
    return (await h.request('GET', `/v1/credentials/${credentialId}`)).json().status
  }

  it('a scheduled health check that is rejected expires the key once, even with two nodes sweeping', async () => {
    const id = await newKey('checked-app', `rejected-${database.name}`)
    expect((await h.request('POST', `/v1/credentials/${id}/check`)).json()).toMatchObject({
      outcome: 'valid',
      status: 'active',
    })
    answers.set(`rejected-${database.name}`, 401)
    advance(2 * 3600_000) // past the spread next_check_at (interval ±10 %)
    const before = verificationRequests
    await bothNodes('health-checks')
    expect(verificationRequests - before).toBe(1) // claimed by exactly one node
    expect(await statusOf(id)).toBe('expired')
    const events = await eventsFor(id, 'credential.expired')
    expect(events).toHaveLength(1)
    expect(events[0].data).toEqual({
      userId: expect.stringMatching(/^usr_/),
      userEmail: `rejected-${database.name}@example.com`,
      credentialId: id,
      credentialName: 'Checked App',
      app: 'checked-app',
      reason: 'verification_rejected',
      expiredAt: clock.toISOString(),
      reconnectUrl: expect.stringMatching(
        /\/connect#token=ct_[^&]+&app=checked-app&credentialId=cred_/,
      ),
    })
    expect((await h.request('GET', `/v1/credentials/${id}/secret`)).statusCode).toBe(409)
  })

  it('treats 5xx as unavailable, not expiry, until the bounded failure period has passed', async () => {
    const key = `flaky-${database.name}`
    const id = await newKey('checked-app', key)
    answers.set(key, 503)
    expect((await h.request('POST', `/v1/credentials/${id}/check`)).json()).toMatchObject({
      outcome: 'unavailable',
      status: 'active',
    })
    advance(DAY)
    expect((await h.request('POST', `/v1/credentials/${id}/check`)).json()).toMatchObject({
      outcome: 'unavailable',
      status: 'active',
    })
    expect(await eventsFor(id, 'credential.expired')).toHaveLength(0)
    advance(2 * DAY + 3600_000)
    expect((await h.request('POST', `/v1/credentials/${id}/check`)).json()).toMatchObject({
      outcome: 'expired',
      status: 'expired',
      reason: 'provider_unreachable',
    })
    expect(await eventsFor(id, 'credential.expired')).toHaveLength(1)
  })

  it('report-invalid verifies first; without a way to verify it expires, once, however many reports race', async () => {
    const good = await newKey('checked-app', `good-${database.name}`)
    expect(
      (
        await h.request('POST', `/v1/credentials/${good}/report-invalid`, {
          body: { reason: 'got a 401' },
        })
      ).json(),
    ).toMatchObject({ outcome: 'valid', status: 'active' })
    expect(await eventsFor(good, 'credential.expired')).toHaveLength(0)

    const unchecked = await newKey('unchecked-app', `unchecked-${database.name}`)
    expect((await h.request('POST', `/v1/credentials/${unchecked}/check`)).json()).toMatchObject({
      outcome: 'unchecked',
      status: 'active',
    })
    const reports = await Promise.all(
      Array.from({ length: 10 }, () =>
        h.request('POST', `/v1/credentials/${unchecked}/report-invalid`),
      ),
    )
    expect(reports.every((r) => r.statusCode === 200 && r.json().status === 'expired')).toBe(true)
    const events = await eventsFor(unchecked, 'credential.expired')
    expect(events).toHaveLength(1)
    expect(events[0].data.reason).toBe('reported_invalid')
  })

  it('warns credential.expiring once, 7 days ahead of a known key lifetime, then expires it once', async () => {
    const id = await newKey('checked-app', `lifetime-${database.name}`)
    await bothNodes('expiring-warnings') // 10 days left: too early
    expect(await eventsFor(id, 'credential.expiring')).toHaveLength(0)
    advance(4 * DAY)
    await bothNodes('expiring-warnings')
    await bothNodes('expiring-warnings')
    const warnings = await eventsFor(id, 'credential.expiring')
    expect(warnings).toHaveLength(1)
    expect(warnings[0].data).toMatchObject({
      credentialId: id,
      app: 'checked-app',
      reason: 'key_lifetime',
    })
    advance(6 * DAY + 1000)
    await bothNodes('key-lifetime')
    expect(await statusOf(id)).toBe('expired')
    const expired = await eventsFor(id, 'credential.expired')
    expect(expired).toHaveLength(1)
    expect(expired[0].data.reason).toBe('key_lifetime_ended')
  })

  it('expires an OAuth access token past expiry with no refresh token, once across two nodes', async () => {
    const { userId } = (
      await h.request('POST', '/v1/users', { body: { username: `oauth-${database.name}` } })
    ).json()
    const { credentialId } = (
      await h.request('POST', '/v1/credentials/import', {
        body: {
          userId,
          app: 'shopify',
          data: { shop: 'mystore' },
          tokens: {
            accessToken: 'shpat_x',
            expiresAt: new Date(clock.getTime() + 3600_000).toISOString(),
          },
        },
      })
    ).json()
    await bothNodes('refresh-ahead')
    expect(await statusOf(credentialId)).toBe('active') // still valid: nothing to do without a refresh token
    advance(2 * 3600_000)
    await bothNodes('refresh-ahead')
    expect(await statusOf(credentialId)).toBe('expired')
    const events = await eventsFor(credentialId, 'credential.expired')
    expect(events).toHaveLength(1)
    expect(events[0].data.reason).toBe('access_token_expired')
  })

  it('guards /check and /report-invalid: no key → 401, another workspace → 404', async () => {
    const id = await newKey('unchecked-app', `guarded-${database.name}`)
    for (const path of ['check', 'report-invalid']) {
      expect(
        (await h.request('POST', `/v1/credentials/${id}/${path}`, { apiKey: null })).statusCode,
      ).toBe(401)
      const other = await h.request('POST', `/v1/credentials/${id}/${path}`, {
        apiKey: h.otherApiKey,
      })
      expect(other.statusCode).toBe(404)
      expect(other.json().error.code).toBe('credential_not_found')
    }
    expect(await statusOf(id)).toBe('active')
    expect(
      (await h.request('POST', `/v1/credentials/${id}/report-invalid`, { body: { nope: 1 } }))
        .statusCode,
    ).toBe(400)
  })
})
