// Connect tokens and the modal's JSON API: minting (security, limits), authenticating with a token, the allow-list,
// connecting and reconnecting key-based apps, what the modal learns for reuse, and the pages' headers.
import { rmSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { TEST_DATABASES } from './support/databases.js'
import { startHarness, type Harness } from './support/harness.js'
import { writeTestCatalog } from './support/oidc-provider.js'
import { buildEmbedScripts } from '../src/modal/index.js'

describe.each(TEST_DATABASES)('connect tokens and modal API on $name', (database) => {
  let h: Harness
  let dir: string
  let offsetMs = 0
  let userId: string

  beforeAll(async () => {
    dir = writeTestCatalog('http://127.0.0.1:9')
    h = await startHarness(database, {
      catalogDirs: [dir],
      trustedPrivateHosts: ['127.0.0.1'], // the loopback provider
      now: () => new Date(Date.now() + offsetMs),
    })
    userId = (
      await h.request('POST', '/v1/users', {
        body: { username: 'modal-user', email: 'm@example.com' },
      })
    ).json().userId
  })
  afterAll(async () => {
    await h?.close()
    rmSync(dir, { recursive: true, force: true })
  })

  const modal = (method: string, url: string, token: string, body?: unknown) =>
    h.request(method, `/connect/api${url}`, {
      apiKey: null,
      body,
      headers: { authorization: `Bearer ${token}` },
    })
  const mint = async (body: unknown = {}) => {
    const response = await h.request('POST', `/v1/users/${userId}/token`, { body })
    expect(response.statusCode).toBe(201)
    return response.json() as { token: string; expiresAt: string }
  }

  it('mints a 256-bit ct_ token, 30 minutes by default, stored only as a hash', async () => {
    const before = Date.now()
    const { token, expiresAt } = await mint()
    expect(token).toMatch(/^ct_[A-Za-z0-9_-]{43}\.ws_[0-9a-z]{26}$/)
    const ttl = Date.parse(expiresAt) - before
    expect(ttl).toBeGreaterThan(1790_000)
    expect(ttl).toBeLessThan(1810_000)
    const rows = await h.store.db.selectFrom('connectToken').selectAll().execute()
    expect(JSON.stringify(rows)).not.toContain(token)
    expect(rows.some((r) => r.hash.length === 64)).toBe(true)
  })

  it('POST /v1/users/{userId}/token: no key → 401, another workspace’s user → 404, bad ttl or app → 400/422', async () => {
    expect(
      (await h.request('POST', `/v1/users/${userId}/token`, { apiKey: null, body: {} })).statusCode,
    ).toBe(401)
    const other = await h.request('POST', `/v1/users/${userId}/token`, {
      apiKey: h.otherApiKey,
      body: {},
    })
    expect(other.statusCode).toBe(404)
    expect(other.json().error.code).toBe('user_not_found')
    expect(
      (await h.request('POST', `/v1/users/${userId}/token`, { body: { ttlSeconds: 3601 } }))
        .statusCode,
    ).toBe(400)
    expect(
      (await h.request('POST', `/v1/users/${userId}/token`, { body: { ttlSeconds: 59 } }))
        .statusCode,
    ).toBe(400)
    expect(
      (await h.request('POST', `/v1/users/${userId}/token`, { body: { extra: 1 } })).statusCode,
    ).toBe(400)
    const unknown = await h.request('POST', `/v1/users/${userId}/token`, {
      body: { apps: ['no-such-app'] },
    })
    expect(unknown.statusCode).toBe(422)
    expect(unknown.json().error.code).toBe('unknown_app')
  })

  it('the modal API needs a live connect token: none, an API key, or an expired one → 401', async () => {
    expect((await h.request('GET', '/connect/api/session', { apiKey: null })).statusCode).toBe(401)
    expect((await h.request('GET', '/connect/api/session', { apiKey: h.apiKey })).statusCode).toBe(
      401,
    )
    const { token } = await mint({ ttlSeconds: 60 })
    expect((await modal('GET', '/session', token)).statusCode).toBe(200)
    offsetMs = 61_000
    try {
      const expired = await modal('GET', '/session', token)
      expect(expired.statusCode).toBe(401)
      expect(expired.json().error.message).toMatch(/expired/)
    } finally {
      offsetMs = 0
    }
  })

  it('keeps to the token’s app allow-list', async () => {
    const { token } = await mint({ apps: ['test-key'] })
    const apps = (await modal('GET', '/apps', token)).json().data
    expect(apps.map((a: { app: string }) => a.app)).toEqual(['test-key'])
    const refused = await modal('GET', '/apps/test-oidc', token)
    expect(refused.statusCode).toBe(422)
    expect(refused.json().error.code).toBe('app_not_allowed')
    expect(
      (await modal('POST', '/oauth/start', token, { app: 'test-oidc' })).json().error.code,
    ).toBe('app_not_allowed')
    expect(
      (await modal('POST', '/credentials', token, { app: 'stripe', data: {} })).json().error.code,
    ).toBe('app_not_allowed')
  })

  it('connects a key app with per-field validation, lists it for reuse, reconnects it in place', async () => {
    const { token } = await mint()
    const detail = (await modal('GET', '/apps/test-key', token)).json()
    expect(detail).toMatchObject({
      app: 'test-key',
      isOauth: false,
      fields: [
        { name: 'account', secret: false },
        { name: 'apiKey', secret: true },
      ],
    })

    const invalid = await modal('POST', '/credentials', token, {
      app: 'test-key',
      data: { account: 'acme', apiKey: 'nope' },
    })
    expect(invalid.statusCode).toBe(422)
    expect(invalid.json().error.fields).toEqual([
      { field: 'apiKey', message: 'An API key starts with tk_' },
    ])
    expect(invalid.body).not.toContain('nope')

    const created = await modal('POST', '/credentials', token, {
      app: 'test-key',
      data: { account: 'acme', apiKey: 'tk_abcdefgh1' },
    })
    expect(created.statusCode).toBe(201)
    const { credentialId } = created.json()
    const session = (await modal('GET', '/session', token)).json()
    expect(session.credentials).toEqual([
      {
        credentialId,
        app: 'test-key',
        name: 'Test Key App – acme',
        status: 'active',
        metadata: { account: 'acme' },
        createdAt: expect.any(String),
      },
    ])
    expect(JSON.stringify(session)).not.toContain('tk_abcdefgh1')

    await h.store.db
      .updateTable('credential')
      .set({ status: 'expired', expiredReason: 'verification_rejected' })
      .where('id', '=', credentialId)
      .execute()
    const reconnected = await modal('POST', `/credentials/${credentialId}/reconnect`, token, {
      data: { account: 'acme', apiKey: 'tk_newkey12345' },
    })
    expect(reconnected.statusCode).toBe(200)
    expect(reconnected.json()).toEqual({ credentialId, app: 'test-key' })
    const secret = (await h.request('GET', `/v1/credentials/${credentialId}/secret`)).json()
    expect(secret.data).toEqual({ account: 'acme', apiKey: 'tk_newkey12345' })
    const recovered = (await h.request('GET', '/v1/events?type=credential.recovered')).json().data
    expect(recovered.map((e: { data: { credentialId: string } }) => e.data.credentialId)).toContain(
      credentialId,
    )
  })

  it('a token cannot reconnect or poll another user’s credential or flow', async () => {
    const otherUser = (
      await h.request('POST', '/v1/users', { body: { username: 'someone-else' } })
    ).json().userId
    const theirs = (
      await h.request('POST', '/v1/credentials', {
        body: {
          userId: otherUser,
          app: 'test-key',
          data: { account: 'x', apiKey: 'tk_theirs1234' },
        },
      })
    ).json()
    const { token } = await mint()
    const refused = await modal('POST', `/credentials/${theirs.credentialId}/reconnect`, token, {
      data: { account: 'x', apiKey: 'tk_mine123456' },
    })
    expect(refused.statusCode).toBe(404)
    await h.request('PUT', '/v1/apps/test-oidc/oauth-client', {
      body: { clientId: 'c', clientSecret: 's' },
    })
    const start = await modal('POST', '/oauth/start', token, {
      app: 'test-oidc',
      credentialId: theirs.credentialId,
    })
    expect(start.statusCode).toBe(404)
    expect(start.json().error.code).toBe('credential_not_found')
  })

  it('serves the modal page framable with a strict CSP, and the embed script with the public origin', async () => {
    const page = await h.request('GET', '/connect?embed=1', { apiKey: null })
    expect(page.statusCode).toBe(200)
    expect(page.headers['content-security-policy']).toContain("script-src 'self'")
    expect(page.headers['content-security-policy']).toContain('frame-ancestors *')
    expect(page.body).toContain('/connect/modal.js')
    const sdk = await h.request('GET', '/sdk/keyport.js', { apiKey: null })
    expect(sdk.statusCode).toBe(200)
    expect(sdk.body).toMatch(/[`'"]http:\/\/localhost:3000[`'"]/)
    expect(sdk.body).toContain('window.Keyport=')
    expect((await h.request('GET', '/sdk/keyport.mjs', { apiKey: null })).body).toMatch(
      /export ?\{[^}]*\bas default ?\}/,
    )
    expect(buildEmbedScripts('https://keyport.example.com').gzippedBytes).toBeLessThan(5 * 1024)
  })
})
