import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { TEST_DATABASES } from './support/databases.js'
import { startHarness, type Harness } from './support/harness.js'
import { createUserCredential } from './support/credentials.js'
import { parsePrometheusText, scrape } from './support/metrics.js'

describe.each(TEST_DATABASES)('operations endpoints on $name', (database) => {
  let h: Harness
  beforeAll(async () => {
    h = await startHarness(database)
  })
  afterAll(async () => h?.close())

  it('reports health and readiness without a key', async () => {
    expect((await h.request('GET', '/healthz', { apiKey: null })).json()).toEqual({ status: 'ok' })
    expect((await h.request('GET', '/readyz', { apiKey: null })).json()).toEqual({
      status: 'ready',
    })
  })

  it('serves an OpenAPI document generated from the route schemas, and a docs page', async () => {
    const spec = (await h.request('GET', '/openapi.json', { apiKey: null })).json()
    expect(spec.openapi).toMatch(/^3\./)
    expect(Object.keys(spec.paths)).toEqual(
      expect.arrayContaining([
        '/v1/users',
        '/v1/credentials',
        '/v1/credentials/{credentialId}/secret',
      ]),
    )
    const create = spec.paths['/v1/credentials'].post
    expect(create.requestBody.content['application/json'].schema.required).toEqual(
      expect.arrayContaining(['userId', 'app', 'data']),
    )
    expect(Object.keys(create.responses)).toEqual(expect.arrayContaining(['201', '422']))
    const docs = await h.request('GET', '/docs/', { apiKey: null })
    expect(docs.statusCode).toBe(200)
    expect(docs.headers['content-type']).toMatch(/text\/html/)
  })

  it('serves app icons from simple-icons and refuses path tricks', async () => {
    const icon = await h.request('GET', '/icons/stripe.svg', { apiKey: null })
    expect(icon.statusCode).toBe(200)
    expect(icon.headers['content-type']).toMatch(/image\/svg\+xml/)
    expect((await h.request('GET', '/icons/..%2Fpackage.json', { apiKey: null })).statusCode).toBe(
      404,
    )
    const app = (await h.request('GET', '/v1/apps/stripe')).json()
    expect(app.icon).toBe('http://localhost:3000/icons/stripe.svg')
  })

  it('serves Prometheus metrics without a key, hidden from the OpenAPI document', async () => {
    const response = await h.request('GET', '/metrics', { apiKey: null })
    expect(response.statusCode).toBe(200)
    expect(response.headers['content-type']).toBe('text/plain; version=0.0.4; charset=utf-8')
    expect(response.headers['cache-control']).toBe('no-store')
    expect(response.body).toMatch(/^# TYPE keyport_http_requests_total counter$/m)
    expect(response.body).toMatch(/^# TYPE keyport_http_request_duration_seconds histogram$/m)
    expect(response.body).toMatch(/^keyport_process_cpu_user_seconds_total \d/m)
    expect(parsePrometheusText(response.body).length).toBeGreaterThan(20) // every line is a valid sample
    const spec = (await h.request('GET', '/openapi.json', { apiKey: null })).json()
    expect(Object.keys(spec.paths)).not.toContain('/metrics')
  })

  it('counts secret reads under the route pattern, and unmatched URLs under one label', async () => {
    const { credentialId } = await createUserCredential(h, {
      username: 'counted',
      app: 'stripe',
      data: { apiKey: 'sk_test_counted1234567890abcd' },
      skipVerification: true,
    })
    const route = '/v1/credentials/:credentialId/secret'
    const before = await scrape(h)
    for (let i = 0; i < 3; i++)
      expect((await h.request('GET', `/v1/credentials/${credentialId}/secret`)).statusCode).toBe(
        200,
      )
    expect((await h.request('GET', '/v1/credentials/cred_nope/secret')).statusCode).toBe(404)
    expect((await h.request('GET', '/no/such/page?token=abc', { apiKey: null })).statusCode).toBe(
      404,
    )
    const after = await scrape(h)

    const delta = (name: string, labels?: Record<string, string>) =>
      after(name, labels) - before(name, labels)
    const requests = 'keyport_http_requests_total'
    expect(delta(requests, { method: 'GET', route, status: '200' })).toBe(3)
    expect(delta(requests, { method: 'GET', route, status: '404' })).toBe(1)
    expect(delta(requests, { method: 'GET', route: 'unmatched', status: '404' })).toBe(1)
    expect(delta('keyport_http_request_duration_seconds_count', { method: 'GET', route })).toBe(4)
    expect(delta('keyport_secret_reads_total')).toBe(3) // only secrets handed out, not the 404
  })

  it('never shows a secret, an id or a URL in /metrics (canary)', async () => {
    const secret = 'sk_live_CANARYmetrics9f8e7d6c5b4a'
    const { userId, credentialId } = await createUserCredential(h, {
      username: 'canary-metrics',
      email: 'canary-metrics@example.com',
      app: 'stripe',
      data: { apiKey: secret },
      skipVerification: true,
    })
    const read = await h.request('GET', `/v1/credentials/${credentialId}/secret`)
    expect(read.json().data.apiKey).toBe(secret)
    await h.request('GET', `/v1/users/${userId}`)
    await h.request('GET', `/v1/users/${userId}/credentials?app=stripe`)
    await h.request('GET', `/v1/credentials/${credentialId}?secret=${secret}`)
    await h.request('GET', `/${secret}`, { apiKey: null })
    await h.deps.activity.flush()

    const body = (await h.request('GET', '/metrics', { apiKey: null })).body
    expect(body).toContain('route="/v1/credentials/:credentialId/secret"')
    for (const value of [secret, credentialId, userId, h.workspaceId, h.apiKey, 'canary-metrics'])
      expect(body).not.toContain(value)
    expect(body).not.toMatch(/\b(ws|usr|cred|wh|evt|dlv|req|key|aud|att)_[0-9A-Z]{26}\b/)
    expect(body).not.toMatch(/\b(kp|ct|whsec)_/)
  })
})
