// OAuth 1.0a end to end through HTTP against the loopback stand-in server, which verifies every signature with
// another implementation (oauth-sign): the three-legged flow on the modal's machinery (state, browser binding,
// single use, expiry), what /secret returns, proxied requests signed per request (query and form body), and the
// token-based (NetSuite TBA) variant typed in through POST /v1/credentials.
import { rmSync } from 'node:fs'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { TEST_DATABASES } from './support/databases.js'
import { startHarness, type Harness } from './support/harness.js'
import { startConnectSession, type ConnectSession } from './support/connect-session.js'
import { popupStart } from './support/oauth-start.js'
import { writeOAuth1Catalog } from './support/oauth1-apps.js'
import { startOAuth1Provider, type OAuth1Provider } from './support/oauth1-provider.js'

const PUBLIC_URL = 'http://localhost:3998'

describe.each(TEST_DATABASES)('OAuth 1.0a on $name', (database) => {
  let h: Harness
  let provider: OAuth1Provider
  let catalogDir: string
  let offsetMs = 0
  let session: ConnectSession

  beforeAll(async () => {
    provider = await startOAuth1Provider()
    catalogDir = writeOAuth1Catalog(provider.url)
    h = await startHarness(database, {
      catalogDirs: [catalogDir],
      trustedPrivateHosts: ['127.0.0.1'], // the loopback stand-in
      publicURL: PUBLIC_URL,
      now: () => new Date(Date.now() + offsetMs),
    })
    session = await startConnectSession(h, { publicURL: PUBLIC_URL, username: 'oauth1-user' })
  })
  afterAll(async () => {
    await h?.close()
    await provider?.close()
    rmSync(catalogDir, { recursive: true, force: true })
  })
  beforeEach(async () => {
    offsetMs = 0
    const put = await h.request('PUT', '/v1/apps/test-oauth1/oauth-client', {
      body: { clientId: provider.consumerKey, clientSecret: provider.consumerSecret },
    })
    expect(put.statusCode).toBe(200)
  })

  const begin = () => session.begin('test-oauth1')
  const connect = () => session.connect('test-oauth1', provider.authorize)
  const accessTokensIssued = () => provider.tokens.size

  it('connects three-legged: callback carries state, token credentials sealed, /secret without the consumer secret', async () => {
    const { state, location, cookie } = await begin()
    const authorization = new URL(location)
    expect(authorization.origin).toBe(provider.url)
    expect(authorization.searchParams.get('scope')).toBe('read,write')
    const temporaryToken = authorization.searchParams.get('oauth_token')!
    const back = await provider.authorize(location)
    // RFC 5849 §2.2: the server adds oauth_token and oauth_verifier to Keyport's callback, state kept.
    expect(back.origin + back.pathname).toBe(`${PUBLIC_URL}/oauth/callback/test-oauth1`)
    expect(back.searchParams.get('state')).toBe(state)
    expect(back.searchParams.get('oauth_token')).toBe(temporaryToken)
    const page = await session.callback(back, cookie)
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain('Connected')

    const { credentialId } = (await session.modal('POST', '/oauth/status', { state })).json()
    const view = (await h.request('GET', `/v1/credentials/${credentialId}`)).json()
    expect(view).toMatchObject({ app: 'test-oauth1', type: 'oauth1', status: 'active' })
    expect(view.metadata).toMatchObject({ user_id: '42', screen_name: 'jane' })
    expect(view.expiresAt).toBeNull()

    const [issuedToken, record] = [...provider.tokens].at(-1)!
    const secret = await h.request('GET', `/v1/credentials/${credentialId}/secret`)
    expect(secret.statusCode).toBe(200)
    expect(secret.json().data).toEqual({
      consumerKey: provider.consumerKey,
      token: issuedToken,
      tokenSecret: record.secret,
      signatureMethod: 'HMAC-SHA1',
    })
    expect(secret.body).not.toContain(provider.consumerSecret)

    const row = await h.store.db
      .selectFrom('credential')
      .select('secretSealed')
      .where('id', '=', credentialId)
      .executeTakeFirstOrThrow()
    expect(row.secretSealed.startsWith('kp1.')).toBe(true)
    expect(row.secretSealed).not.toContain(record.secret)
  })

  it('refuses a replayed callback, an expired flow and another browser before the token request', async () => {
    const { location, cookie } = await begin()
    const back = await provider.authorize(location)
    expect((await session.callback(back, cookie)).statusCode).toBe(200)
    const issued = accessTokensIssued()
    const replay = await session.callback(back, cookie)
    expect(replay.statusCode).toBe(400)
    expect(replay.body).toContain('already')
    expect(accessTokensIssued()).toBe(issued)

    const late = await begin()
    const lateBack = await provider.authorize(late.location)
    offsetMs = 11 * 60 * 1000 // past the 10-minute flow
    expect((await session.callback(lateBack, late.cookie)).statusCode).toBe(400)
    offsetMs = 0

    const elsewhere = await begin()
    const elsewhereBack = await provider.authorize(elsewhere.location)
    expect((await session.callback(elsewhereBack, null)).statusCode).toBe(400)
    expect((await session.callback(elsewhereBack, 'kp_oauth=' + 'x'.repeat(43))).statusCode).toBe(
      400,
    )
    expect(accessTokensIssued()).toBe(issued)
  })

  it("refuses another authorization's token planted in this flow's callback", async () => {
    const mine = await begin()
    const theirs = await begin()
    const theirBack = await provider.authorize(theirs.location)
    await provider.authorize(mine.location)
    // The attacker's approved token and verifier, with this flow's state and browser.
    const planted = new URL(`${PUBLIC_URL}/oauth/callback/test-oauth1`)
    planted.searchParams.set('state', mine.state)
    planted.searchParams.set('oauth_token', theirBack.searchParams.get('oauth_token')!)
    planted.searchParams.set('oauth_verifier', theirBack.searchParams.get('oauth_verifier')!)
    const issued = accessTokensIssued()
    expect((await session.callback(planted, mine.cookie)).statusCode).toBe(400)
    expect(accessTokensIssued()).toBe(issued)
    expect(
      (await session.modal('POST', '/oauth/status', { state: mine.state })).json(),
    ).toMatchObject({
      status: 'failed',
    })
  })

  it('a user who denies ends the flow as access_denied', async () => {
    const { state, location, cookie } = await begin()
    expect(
      (await session.callback(await provider.authorize(location, { deny: true }), cookie))
        .statusCode,
    ).toBe(400)
    expect((await session.modal('POST', '/oauth/status', { state })).json()).toMatchObject({
      status: 'failed',
      reason: 'access_denied',
    })
  })

  it('a wrong consumer secret is refused by the server at the first step; the flow fails, nothing is stored', async () => {
    await h.request('PUT', '/v1/apps/test-oauth1/oauth-client', {
      body: { clientId: provider.consumerKey, clientSecret: 'not-the-secret' },
    })
    const before = (await h.request('GET', `/v1/users/${session.userId}/credentials`)).json().data
      .length
    const started = await session.modal('POST', '/oauth/start', { app: 'test-oauth1' })
    const { state } = started.json()
    const popup = await popupStart(h, state, PUBLIC_URL)
    expect(popup.statusCode).toBe(400)
    expect(popup.body).not.toContain('not-the-secret')
    expect(provider.refusals.at(-1)).toEqual({
      path: '/oauth/request_token',
      problem: 'signature_invalid',
    })
    expect((await session.modal('POST', '/oauth/status', { state })).json()).toMatchObject({
      status: 'failed',
      reason: 'exchange_failed',
    })
    expect(
      (await h.request('GET', `/v1/users/${session.userId}/credentials`)).json().data,
    ).toHaveLength(before)
  })

  /** The events announced about one credential, as `type` or `type:reason`. */
  async function announced(credentialId: string): Promise<string[]> {
    const events = (await h.request('GET', '/v1/events?limit=500')).json().data
    return events
      .filter((e: { data: { credentialId?: string } }) => e.data.credentialId === credentialId)
      .map((e: { type: string; data: { reason?: string } }) =>
        e.data.reason ? `${e.type}:${e.data.reason}` : e.type,
      )
  }

  it("a consumer the provider refuses is the workspace's OAuth client, not the user's token: nothing expires", async () => {
    const credentialId = await connect()
    await h.request('PUT', '/v1/apps/test-oauth1/oauth-client', {
      body: { clientId: provider.consumerKey, clientSecret: 'not-the-secret' },
    })
    // A check, and the report-invalid path the proxy takes after a 401: both sign /api/me with the wrong secret.
    for (const path of ['check', 'report-invalid']) {
      const checked = await h.request('POST', `/v1/credentials/${credentialId}/${path}`, {
        body: {},
      })
      expect(checked.statusCode).toBe(200)
      expect(checked.json()).toMatchObject({ status: 'active', outcome: 'unavailable' })
      expect(checked.json().reason).toContain("refused this workspace's OAuth client")
      expect(checked.json().reason).toContain('signature_invalid')
      expect(checked.body).not.toContain('not-the-secret')
      expect(provider.refusals.at(-1)).toEqual({ path: '/api/me', problem: 'signature_invalid' })
    }
    const row = await h.store.db
      .selectFrom('credential')
      .select(['status', 'failureCount', 'failingSince', 'nextCheckAt'])
      .where('id', '=', credentialId)
      .executeTakeFirstOrThrow()
    // Counted and retried with backoff, but never towards expiry.
    expect(row).toMatchObject({ status: 'active', failureCount: 2, failingSince: null })
    expect(Date.parse(row.nextCheckAt!)).toBeGreaterThan(Date.now())
    expect(await announced(credentialId)).toEqual(['credential.created'])

    // The workspace sets the right secret: the same token credentials check valid again.
    await h.request('PUT', '/v1/apps/test-oauth1/oauth-client', {
      body: { clientId: provider.consumerKey, clientSecret: provider.consumerSecret },
    })
    const fixed = await h.request('POST', `/v1/credentials/${credentialId}/check`)
    expect(fixed.json()).toMatchObject({ status: 'active', outcome: 'valid' })
  })

  it('a token the provider no longer knows (token_rejected) expires the credential, announced once', async () => {
    const credentialId = await connect()
    const [issued] = [...provider.tokens].at(-1)!
    provider.tokens.delete(issued) // the user revoked the app at the provider
    const checked = await h.request('POST', `/v1/credentials/${credentialId}/check`)
    expect(checked.json()).toMatchObject({
      status: 'expired',
      outcome: 'expired',
      reason: 'verification_rejected',
    })
    expect(provider.refusals.at(-1)).toEqual({ path: '/api/me', problem: 'token_rejected' })
    expect(await announced(credentialId)).toEqual([
      'credential.created',
      'credential.expired:verification_rejected',
    ])
  })

  it('POST /v1/credentials refuses the three-legged app: it connects through the modal', async () => {
    const created = await h.request('POST', '/v1/credentials', {
      body: { userId: session.userId, app: 'test-oauth1', data: {} },
    })
    expect(created.statusCode).toBe(422)
    expect(created.json().error.code).toBe('oauth_app_requires_modal')
  })
})
