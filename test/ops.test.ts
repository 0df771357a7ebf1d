import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { TEST_DATABASES } from './support/databases.js'
import { startHarness, type Harness } from './support/harness.js'

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
})
