// The OAuth connect flow end to end through HTTP against a real authorization server (oidc-provider on loopback):
// connect token → modal start → /oauth/start (browser binding) → provider login/consent → callback → credential.
// Then the attack cases, each asserting the provider's token endpoint was never called.
import { rmSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { TEST_DATABASES } from './support/databases.js'
import { startHarness, type Harness } from './support/harness.js'
import { startConnectSession, type ConnectSession } from './support/connect-session.js'
import { popupStart } from './support/oauth-start.js'
import { startTestProvider, writeTestCatalog, type TestProvider } from './support/oidc-provider.js'

const PUBLIC_URL = 'http://localhost:3999'

describe.each(TEST_DATABASES)('OAuth connect flow on $name', (database) => {
  let h: Harness
  let provider: TestProvider
  let catalogDir: string
  let offsetMs = 0
  let session: ConnectSession

  beforeAll(async () => {
    provider = await startTestProvider({
      redirectURIs: [
        `${PUBLIC_URL}/oauth/callback/test-oidc`,
        `${PUBLIC_URL}/oauth/callback/test-oidc-two`,
      ],
    })
    catalogDir = writeTestCatalog(provider.issuer)
    h = await startHarness(database, {
      catalogDirs: [catalogDir],
      trustedPrivateHosts: ['127.0.0.1'], // the loopback provider
      publicURL: PUBLIC_URL,
      now: () => new Date(Date.now() + offsetMs),
    })
    for (const app of ['test-oidc', 'test-oidc-two']) {
      const put = await h.request('PUT', `/v1/apps/${app}/oauth-client`, {
        body: { clientId: provider.clientId, clientSecret: provider.clientSecret },
      })
      expect(put.statusCode).toBe(200)
    }
    session = await startConnectSession(h, {
      publicURL: PUBLIC_URL,
      username: 'oauth-user',
      email: 'o@example.com',
    })
  })
  afterAll(async () => {
    await h?.close()
    await provider?.close()
    rmSync(catalogDir, { recursive: true, force: true })
  })

  const begin = (app = 'test-oidc', extra: Record<string, unknown> = {}) =>
    session.begin(app, extra)

  it('connects: credential stored sealed, readable via /secret, flow status connected', async () => {
    const before = provider.tokenRequests()
    const { state, location, cookie } = await begin()
    const authorization = new URL(location)
    expect(authorization.origin).toBe(provider.issuer)
    expect(authorization.searchParams.get('code_challenge_method')).toBe('S256')
    expect(authorization.searchParams.get('redirect_uri')).toBe(
      `${PUBLIC_URL}/oauth/callback/test-oidc`,
    )
    expect(authorization.searchParams.get('state')).toBe(state)

    const back = await provider.authorize(location)
    expect(back.searchParams.get('iss')).toBe(provider.issuer)
    const page = await session.callback(back, cookie)
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain('Connected')
    expect(page.headers['content-security-policy']).toContain("frame-ancestors 'none'")
    expect(provider.tokenRequests()).toBe(before + 1)

    const status = await session.modal('POST', '/oauth/status', { state })
    expect(status.json()).toMatchObject({ status: 'connected', app: 'test-oidc' })
    const { credentialId } = status.json()

    const list = (await h.request('GET', `/v1/users/${session.userId}/credentials`)).json().data
    expect(list).toEqual([
      expect.objectContaining({ credentialId, app: 'test-oidc', type: 'oauth2', status: 'active' }),
    ])
    expect(list[0].metadata.scope).toContain('openid')
    expect(Date.parse(list[0].expiresAt)).toBeGreaterThan(Date.now())

    const secret = (await h.request('GET', `/v1/credentials/${credentialId}/secret`)).json()
    expect(secret.data).toEqual({
      accessToken: expect.any(String),
      tokenType: 'Bearer',
      scope: expect.stringContaining('openid'),
    })
    expect(JSON.stringify(secret)).not.toContain('refresh')
    const row = await h.store.db
      .selectFrom('credential')
      .select('secretSealed')
      .where('id', '=', credentialId)
      .executeTakeFirstOrThrow()
    expect(row.secretSealed.startsWith('kp1.')).toBe(true)
    expect(row.secretSealed).not.toContain(secret.data.accessToken)
    const events = (await h.request('GET', '/v1/events?type=credential.created')).json().data
    expect(
      events.some((e: { data: { credentialId: string } }) => e.data.credentialId === credentialId),
    ).toBe(true)
  })

  it('refuses a missing state, an unknown state, and a replayed callback without calling the token endpoint', async () => {
    const { location, cookie } = await begin()
    const back = await provider.authorize(location)
    expect((await session.callback(back, cookie)).statusCode).toBe(200)
    const before = provider.tokenRequests()

    const noState = new URL(back)
    noState.searchParams.delete('state')
    const missing = await session.callback(noState, cookie)
    expect(missing.statusCode).toBe(400)
    expect(missing.body).toContain('incomplete')

    const unknownState = new URL(back)
    unknownState.searchParams.set('state', 'x'.repeat(43))
    expect((await session.callback(unknownState, cookie)).body).toContain('not valid')

    const replay = await session.callback(back, cookie)
    expect(replay.statusCode).toBe(400)
    expect(replay.body).toContain('already used')
    expect(provider.tokenRequests()).toBe(before)
  })

  it('refuses an expired state', async () => {
    const { location, cookie } = await begin()
    const back = await provider.authorize(location)
    const before = provider.tokenRequests()
    offsetMs = 11 * 60 * 1000
    try {
      const page = await session.callback(back, cookie)
      expect(page.statusCode).toBe(400)
      expect(page.body).toContain('expired')
    } finally {
      offsetMs = 0
    }
    expect(provider.tokenRequests()).toBe(before)
  })

  it('refuses a callback from another browser (no cookie, or another cookie) and a second binding', async () => {
    const { state, location, cookie } = await begin()
    const back = await provider.authorize(location)
    const before = provider.tokenRequests()
    expect((await session.callback(back, null)).body).toContain('another browser')
    expect((await session.callback(back, 'kp_oauth=' + 'A'.repeat(43))).body).toContain(
      'another browser',
    )
    // The flow is bound once: posting its state from a second browser does not re-bind it.
    const second = await popupStart(h, state, PUBLIC_URL)
    expect(second.statusCode).toBe(400)
    expect(provider.tokenRequests()).toBe(before)
    // The right browser can still finish.
    expect((await session.callback(back, cookie)).statusCode).toBe(200)
  })

  it('refuses /oauth/start from another origin (login CSRF)', async () => {
    const { state } = (await session.modal('POST', '/oauth/start', { app: 'test-oidc' })).json()
    const forged = await popupStart(h, state, 'https://evil.example')
    expect(forged.statusCode).toBe(400)
    expect(forged.headers['set-cookie']).toBeUndefined()
  })

  it("refuses a response arriving on another app's redirect URI (mix-up)", async () => {
    const { location, cookie } = await begin('test-oidc')
    const back = await provider.authorize(location)
    const before = provider.tokenRequests()
    const elsewhere = new URL(back)
    elsewhere.pathname = '/oauth/callback/test-oidc-two'
    const page = await session.callback(elsewhere, cookie)
    expect(page.statusCode).toBe(400)
    expect(page.body).toContain('meant for another app')
    expect(provider.tokenRequests()).toBe(before)
  })

  it('refuses an iss that is not the provider (RFC 9207)', async () => {
    const { location, cookie } = await begin()
    const back = await provider.authorize(location)
    const before = provider.tokenRequests()
    back.searchParams.set('iss', 'https://attacker.example')
    const page = await session.callback(back, cookie)
    expect(page.statusCode).toBe(400)
    expect(page.body).toContain('did not come from the expected service')
    expect(provider.tokenRequests()).toBe(before)
  })

  it('shows access_denied as a plain sentence, and the modal learns it by polling', async () => {
    const { state, location, cookie } = await begin()
    const back = await provider.authorize(location, { deny: true })
    expect(back.searchParams.get('error')).toBe('access_denied')
    const page = await session.callback(back, cookie)
    expect(page.statusCode).toBe(400)
    expect(page.body).toContain('You declined access')
    expect(page.body).not.toMatch(/\{|Error:|at .*\.ts/)
    expect((await session.modal('POST', '/oauth/status', { state })).json()).toMatchObject({
      status: 'failed',
      reason: 'access_denied',
      message: expect.stringContaining('declined'),
    })
  })

  it('reconnects an expired OAuth credential in place and records credential.recovered', async () => {
    const { location, cookie, state } = await begin()
    await session.callback(await provider.authorize(location), cookie)
    const { credentialId } = (await session.modal('POST', '/oauth/status', { state })).json()
    await h.store.db
      .updateTable('credential')
      .set({
        status: 'expired',
        expiredReason: 'refresh_rejected',
        expiredAt: new Date().toISOString(),
      })
      .where('id', '=', credentialId)
      .execute()
    expect((await h.request('GET', `/v1/credentials/${credentialId}/secret`)).statusCode).toBe(409)

    const again = await begin('test-oidc', { credentialId })
    expect(
      (await session.callback(await provider.authorize(again.location), again.cookie)).statusCode,
    ).toBe(200)
    expect(
      (await session.modal('POST', '/oauth/status', { state: again.state })).json(),
    ).toMatchObject({
      status: 'connected',
      credentialId,
    })
    const view = (await h.request('GET', `/v1/credentials/${credentialId}`)).json()
    expect(view).toMatchObject({ credentialId, status: 'active' })
    expect((await h.request('GET', `/v1/credentials/${credentialId}/secret`)).statusCode).toBe(200)
    const recovered = (await h.request('GET', '/v1/events?type=credential.recovered')).json().data
    expect(recovered.map((e: { data: { credentialId: string } }) => e.data.credentialId)).toContain(
      credentialId,
    )
  })

  it("refuses to start for an app without the workspace's OAuth client, with a plain message", async () => {
    await h.request('DELETE', '/v1/apps/test-oidc-two/oauth-client')
    const refused = await session.modal('POST', '/oauth/start', { app: 'test-oidc-two' })
    expect(refused.statusCode).toBe(422)
    expect(refused.json().error.code).toBe('oauth_client_not_configured')
    expect(refused.json().error.message).toMatch(/has not set up/)
  })
})
