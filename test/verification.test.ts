// POST /v1/credentials checks a key with the app's declared verification request before storing it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { TEST_DATABASES } from './support/databases.js'
import { startHarness, type Harness } from './support/harness.js'
import { startLocalServer, writeCatalogDir, type LocalServer } from './support/local-app.js'

const app = (id: string, baseURL: string) => ({
  id,
  name: 'Acme',
  categories: ['crm'],
  docsURL: 'https://example.com/docs',
  confirmation: 'documented',
  auth: {
    type: 'custom',
    fields: [
      { name: 'account', displayName: 'Account', secret: false, pattern: '[a-z]+' },
      { name: 'apiKey', displayName: 'API key', secret: true, pattern: 'ak_[a-z0-9]+' },
    ],
    verification: {
      method: 'GET',
      url: `${baseURL}/accounts/{account}/me`,
      headers: { Authorization: 'Bearer {apiKey}' },
    },
  },
})

describe.each(TEST_DATABASES)('key verification on $name', (database) => {
  let h: Harness
  let server: LocalServer
  let userId = ''
  beforeAll(async () => {
    server = await startLocalServer((req, res) => {
      const auth = req.headers.authorization
      res.statusCode = auth === 'Bearer ak_good' ? 200 : auth === 'Bearer ak_flaky' ? 503 : 401
      res.end('{}')
    })
    const dir = writeCatalogDir([app('acme', server.url), app('acme-down', 'http://127.0.0.1:9')])
    h = await startHarness(database, { catalogDirs: [dir], trustedPrivateHosts: ['127.0.0.1'] })
    userId = (await h.request('POST', '/v1/users', { body: { username: 'verify' } })).json().userId
  })
  afterAll(async () => {
    await h?.close()
    await server?.close()
  })

  const create = (appId: string, apiKey: string) =>
    h.request('POST', '/v1/credentials', {
      body: { userId, app: appId, data: { account: 'acme', apiKey } },
    })

  it('stores a key the app accepts, after calling its check with the key in place', async () => {
    const response = await create('acme', 'ak_good')
    expect(response.statusCode).toBe(201)
    expect(server.requests.at(-1)).toMatchObject({ method: 'GET', url: '/accounts/acme/me' })
    expect(server.requests.at(-1)!.headers.authorization).toBe('Bearer ak_good')
  })

  it('refuses a key the app rejects with 422 credential_verification_failed and stores nothing', async () => {
    const response = await create('acme', 'ak_bad')
    expect(response.statusCode).toBe(422)
    expect(response.json().error.code).toBe('credential_verification_failed')
    expect(response.body).not.toContain('ak_bad')
    const list = await h.request('GET', `/v1/users/${userId}/credentials?app=acme`)
    expect(list.json().data).toHaveLength(1)
  })

  it('reports an unreachable or failing app as such, not as an invalid key', async () => {
    for (const [appId, key] of [
      ['acme-down', 'ak_good'],
      ['acme', 'ak_flaky'],
    ] as const) {
      const response = await create(appId, key)
      expect(response.statusCode).toBe(502)
      expect(response.json().error.code).toBe('verification_unavailable')
      expect(response.json().error.message).toMatch(/could not be reached|answered 503/)
    }
  })

  it('catches a malformed key before any network call', async () => {
    const before = server.requests.length
    const response = await create('acme', 'not-a-key')
    expect(response.statusCode).toBe(422)
    expect(response.json().error.fields).toEqual([
      { field: 'apiKey', message: 'API key does not have the expected format' },
    ])
    expect(server.requests.length).toBe(before)
  })
})
