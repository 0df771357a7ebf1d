// GET /v1/summary (the console's overview): counts by status and app, what ends within 7 days, the last 24 hours'
// expiries, failing refreshes and failing webhook deliveries; another workspace sees none of it. Also the console's
// pages (/console/…): one CSP'd page for every known path, hashed assets cached for good, unknown paths 404.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CONSOLE_PAGES } from '../src/api/console-pages.js'
import { TEST_DATABASES } from './support/databases.js'
import { startHarness, type Harness } from './support/harness.js'
import { createUserCredential, type UserCredential } from './support/credentials.js'

describe.each(TEST_DATABASES)('workspace summary on $name', (database) => {
  let h: Harness
  const made: UserCredential[] = []

  beforeAll(async () => {
    h = await startHarness(database, { webhookAllowedHosts: ['127.0.0.1'] })
    for (const [username, app, key] of [
      ['ann', 'stripe', 'sk_test_ann00000000000000'],
      ['ben', 'stripe', 'sk_test_ben00000000000000'],
      ['cid', 'stripe', 'sk_test_cid00000000000000'],
      ['dee', 'openai', 'sk-proj-summary000000000000000'],
    ] as const)
      made.push(
        await createUserCredential(h, {
          username,
          app,
          data: { apiKey: key },
          skipVerification: true,
        }),
      )
    const now = Date.now()
    const at = (offsetMs: number) => new Date(now + offsetMs).toISOString()
    // Fixtures the API cannot make directly: one expired an hour ago, one expired two days ago, one failing its
    // checks since an hour ago, one whose key ends in 5 days.
    await h.store.db
      .updateTable('credential')
      .set({ status: 'expired', expiredReason: 'reported_invalid', expiredAt: at(-3600_000) })
      .where('id', '=', made[0]!.credentialId)
      .execute()
    await h.store.db
      .updateTable('credential')
      .set({ status: 'expired', expiredReason: 'refresh_rejected', expiredAt: at(-2 * 86400_000) })
      .where('id', '=', made[3]!.credentialId)
      .execute()
    await h.store.db
      .updateTable('credential')
      .set({ failingSince: at(-3600_000), failureCount: 2 })
      .where('id', '=', made[1]!.credentialId)
      .execute()
    await h.store.db
      .updateTable('credential')
      .set({ expiresAt: at(5 * 86400_000) })
      .where('id', '=', made[2]!.credentialId)
      .execute()
    // Three deliveries through the API (test events), then their outcomes: failed an hour ago, retrying, and
    // failed two days ago (outside the window).
    const hook = await h.request('POST', '/v1/webhooks', {
      body: { url: 'http://127.0.0.1:9/hook' },
    })
    expect(hook.statusCode, hook.body).toBe(201)
    const deliveries: string[] = []
    for (let i = 0; i < 3; i++) {
      const sent = await h.request('POST', `/v1/webhooks/${hook.json().webhookId}/test`)
      expect(sent.statusCode, sent.body).toBe(202)
      deliveries.push(sent.json().deliveryId)
    }
    const outcomes = [
      { status: 'failed' as const, lastAttemptAt: at(-3600_000) },
      { status: 'pending' as const, lastAttemptAt: at(-600_000) },
      { status: 'failed' as const, lastAttemptAt: at(-2 * 86400_000) },
    ]
    for (const [i, outcome] of outcomes.entries())
      await h.store.db
        .updateTable('webhookDelivery')
        .set({ ...outcome, attempts: 3, lastStatusCode: 500, nextAttemptAt: null })
        .where('id', '=', deliveries[i]!)
        .execute()
  })
  afterAll(() => h?.close())

  it('counts credentials by status and app, what ends this week and the last 24 hours’ failures', async () => {
    const response = await h.request('GET', '/v1/summary')
    expect(response.statusCode, response.body).toBe(200)
    const summary = response.json()
    expect(summary.credentials).toEqual({
      total: 4,
      byStatus: { active: 2, expired: 2 },
      byApp: [
        { app: 'stripe', active: 2, expired: 1, total: 3 },
        { app: 'openai', active: 0, expired: 1, total: 1 },
      ],
      expiringWithin7Days: 1,
    })
    expect(summary.last24Hours).toEqual({
      expired: 1,
      refreshFailing: 1,
      webhookFailures: { failed: 1, retrying: 1 },
    })
    expect(Date.parse(summary.generatedAt)).toBeGreaterThan(Date.now() - 60_000)
  })

  it('shows another workspace only its own (empty) counts, and needs a key', async () => {
    const other = await h.request('GET', '/v1/summary', { apiKey: h.otherApiKey })
    expect(other.statusCode).toBe(200)
    expect(other.json()).toMatchObject({
      credentials: {
        total: 0,
        byStatus: { active: 0, expired: 0 },
        byApp: [],
        expiringWithin7Days: 0,
      },
      last24Hours: { expired: 0, refreshFailing: 0, webhookFailures: { failed: 0, retrying: 0 } },
    })
    expect((await h.request('GET', '/v1/summary', { apiKey: null })).statusCode).toBe(401)
  })

  it('is in the OpenAPI document', async () => {
    const spec = (await h.request('GET', '/openapi.json')).json()
    expect(spec.paths['/v1/summary'].get.responses['200']).toBeDefined()
  })

  it('audits a connect link, for the credential it reconnects', async () => {
    const { userId, credentialId } = made[0]!
    const link = await h.request('POST', `/v1/users/${userId}/connect-link`, {
      body: { credentialId },
    })
    expect(link.statusCode, link.body).toBe(201)
    const audit = await h.request('GET', `/v1/audit?credentialId=${credentialId}`)
    const row = audit
      .json()
      .data.find((r: { action: string }) => r.action === 'credential.connect_link')
    expect(row).toMatchObject({ actor: 'api_key', target: credentialId, userId })
    // The row never carries the link (its token).
    expect(audit.body).not.toContain(link.json().url.split('#token=')[1].slice(0, 20))
  })
})

describe('console pages', () => {
  let h: Harness
  beforeAll(async () => {
    h = await startHarness(TEST_DATABASES[0]!)
  })
  afterAll(() => h?.close())

  it('serves the page for every console path, under a CSP that allows no inline script', async () => {
    for (const path of CONSOLE_PAGES) {
      const url = path.replace(/:(\w+)/g, '$1_x')
      const page = await h.request('GET', url, { apiKey: null })
      expect(page.statusCode, url).toBe(200)
      expect(page.headers['content-type']).toMatch(/^text\/html/)
      expect(page.headers['cache-control']).toBe('no-store')
      const csp = String(page.headers['content-security-policy'])
      expect(csp).toContain("script-src 'self';")
      expect(csp).toContain("frame-ancestors 'none'")
      expect(csp).not.toContain('unsafe-inline')
      expect(page.body).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/)
    }
  })

  it('serves the hashed assets the page names, cached for good; unknown paths are 404', async () => {
    const page = (await h.request('GET', '/console', { apiKey: null })).body
    const assets = [...page.matchAll(/\/console\/assets\/[\w.-]+/g)].map((m) => m[0])
    expect(assets.some((a) => a.endsWith('.js')) && assets.some((a) => a.endsWith('.css'))).toBe(
      true,
    )
    for (const asset of assets) {
      const response = await h.request('GET', asset, { apiKey: null })
      expect(response.statusCode, asset).toBe(200)
      expect(response.headers['cache-control']).toBe('public, max-age=31536000, immutable')
    }
    for (const path of ['/console/assets/nope.js', '/console/nope', '/console/users/a/b'])
      expect((await h.request('GET', path, { apiKey: null })).statusCode, path).toBe(404)
  })
})
