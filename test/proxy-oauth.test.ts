// The proxy with OAuth credentials against the suite's real authorization server (oidc-provider on loopback), whose
// userinfo endpoint (/me) stands in for the provider's API: refresh before a due token, refresh-and-retry on a 401,
// a 401 after a fresh token, a revoked grant. Counted at the provider's token endpoint.
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { TEST_DATABASES } from './support/databases.js'
import { startHarness, type Harness } from './support/harness.js'
import { startTestProvider, type TestProvider } from './support/oidc-provider.js'
import { connectAtProvider, REFRESH_REDIRECT, refreshRecipe } from './support/oidc-refresh.js'
import { startUpstream, type Upstream } from './support/proxy-upstream.js'

const APP = 'local-oidc' // the app connectAtProvider's redirect URI belongs to
const DENYING = 'px-oidc-denying'
const NO_REFRESH = 'px-oauth-no-refresh'

describe.each(TEST_DATABASES)('proxy with OAuth credentials on $name', (database) => {
  let provider: TestProvider
  let upstream: Upstream
  let h: Harness
  let logins = 0

  beforeAll(async () => {
    provider = await startTestProvider({
      redirectURIs: [REFRESH_REDIRECT],
      rotateRefreshToken: true,
    })
    upstream = await startUpstream()
    upstream.on('/', (_req, res) => res.writeHead(401, { 'www-authenticate': 'Bearer' }).end('{}'))
    const dir = mkdtempSync(join(tmpdir(), 'keyport-proxy-oauth-'))
    const app = (id: string, baseURL: string) => ({
      id,
      name: id,
      categories: ['other'],
      docsURL: 'https://example.com/docs',
      confirmation: 'unconfirmed',
      auth: refreshRecipe(provider),
      api: { baseURL }, // no headers: OAuth apps get Authorization: Bearer {accessToken}
    })
    writeFileSync(join(dir, `${APP}.json`), JSON.stringify(app(APP, provider.issuer)))
    writeFileSync(
      join(dir, `${DENYING}.json`),
      JSON.stringify(app(DENYING, `${upstream.origin}/api`)),
    )
    // Tokens that cannot be refreshed, with a "current user" verification on the stand-in.
    const noRefresh = app(NO_REFRESH, `${upstream.origin}/api`)
    writeFileSync(
      join(dir, `${NO_REFRESH}.json`),
      JSON.stringify({
        ...noRefresh,
        auth: {
          ...noRefresh.auth,
          refresh: { supported: false },
          verification: {
            method: 'GET',
            url: `${upstream.origin}/api/whoami`,
            headers: { Authorization: 'Bearer {accessToken}' },
          },
        },
      }),
    )
    h = await startHarness(database, { catalogDirs: [dir], trustedPrivateHosts: ['127.0.0.1'] })
    for (const id of [APP, DENYING])
      await h.request('PUT', `/v1/apps/${id}/oauth-client`, {
        body: { clientId: provider.clientId, clientSecret: provider.clientSecret },
      })
  })
  afterAll(async () => {
    await h?.close()
    await upstream?.close()
    await provider?.close()
  })

  /** A real grant, imported with the given access token and expiry (the real ones unless replaced). */
  async function grant(
    app: string,
    options: { accessToken?: string; expiresAt?: string } = {},
  ): Promise<{ credentialId: string; login: string }> {
    const login = `px-oauth-${database.name}-${logins++}`
    const granted = await connectAtProvider(provider, login)
    const user = await h.request('POST', '/v1/users', { body: { username: login } })
    const imported = await h.request('POST', '/v1/credentials/import', {
      body: {
        userId: user.json().userId,
        app,
        tokens: {
          accessToken: options.accessToken ?? granted.accessToken,
          refreshToken: granted.refreshToken!,
          expiresAt: options.expiresAt ?? granted.expiresAt!,
        },
      },
    })
    expect(imported.statusCode).toBe(201)
    return { credentialId: imported.json().credentialId, login }
  }

  const proxyMe = (credentialId: string, app = 'me') =>
    h.request('GET', `/v1/proxy/${credentialId}/${app}`)

  it('sends the access token as a Bearer header', async () => {
    const { credentialId, login } = await grant(APP)
    const response = await proxyMe(credentialId)
    expect(response.statusCode).toBe(200)
    expect(response.headers['keyport-proxied']).toBe('1')
    expect(response.json().sub).toBe(login)
  })

  it('refreshes a due token first: one token request for 20 concurrent proxied calls', async () => {
    const { credentialId } = await grant(APP, {
      expiresAt: new Date(Date.now() - 60_000).toISOString(),
    })
    const before = provider.tokenRequests()
    const responses = await Promise.all(Array.from({ length: 20 }, () => proxyMe(credentialId)))
    expect(responses.map((r) => r.statusCode)).toEqual(Array(20).fill(200))
    expect(provider.tokenRequests() - before).toBe(1)
  })

  it('refreshes once and retries on a 401: one token request for 20 concurrent proxied calls', async () => {
    const { credentialId } = await grant(APP, { accessToken: 'a-token-the-provider-never-issued' })
    const before = provider.tokenRequests()
    const retriesBefore = retryCount(await metrics())
    const responses = await Promise.all(Array.from({ length: 20 }, () => proxyMe(credentialId)))
    expect(responses.map((r) => r.statusCode)).toEqual(Array(20).fill(200))
    expect(responses.every((r) => r.headers['keyport-proxied'] === '1')).toBe(true)
    expect(provider.tokenRequests() - before).toBe(1)
    expect(retryCount(await metrics()) - retriesBefore).toBe(20)
    // The new token is stored: the next call needs no refresh.
    expect((await proxyMe(credentialId)).statusCode).toBe(200)
    expect(provider.tokenRequests() - before).toBe(1)
    // A 401 to the old token that arrives late (another node, a slow call) refreshes nothing: the stored token
    // is already another one.
    const late = await h.deps.refresher.refresh(h.workspaceId, credentialId, {
      rejectedAccessToken: 'a-token-the-provider-never-issued',
    })
    expect(late.kind).toBe('fresh')
    expect(provider.tokenRequests() - before).toBe(1)
  })

  it('passes back a 401 that comes after a fresh token, keeps the credential, and does not refresh again at once', async () => {
    const { credentialId } = await grant(DENYING)
    const before = provider.tokenRequests()
    const first = await proxyMe(credentialId, 'things')
    expect(first.statusCode).toBe(401)
    expect(first.headers['keyport-proxied']).toBe('1')
    expect(first.headers['www-authenticate']).toBe('Bearer')
    expect(provider.tokenRequests() - before).toBe(1) // the refresh proved the grant alive
    const second = await proxyMe(credentialId, 'things')
    expect(second.statusCode).toBe(401)
    expect(provider.tokenRequests() - before).toBe(1) // a token this young is not refreshed again
    expect((await h.request('GET', `/v1/credentials/${credentialId}`)).json().status).toBe('active')
  })

  it('does not replay a streamed body: the 401 goes back as it is', async () => {
    const { credentialId } = await grant(DENYING)
    const before = provider.tokenRequests()
    const seen = upstream.seen.length
    const response = await h.request('POST', `/v1/proxy/${credentialId}/upload`, {
      body: 'x'.repeat(100 * 1024), // over the 64 KiB replay limit
      headers: { 'content-type': 'text/plain' },
    })
    expect(response.statusCode).toBe(401)
    expect(upstream.seen.length - seen).toBe(1)
    expect(upstream.seen[upstream.seen.length - 1]!.bodyBytes).toBe(100 * 1024)
    expect(provider.tokenRequests() - before).toBe(1) // refreshed for the next call, not retried
  })

  it('expires the credential when the 401 is a revoked grant (the refresh gets invalid_grant)', async () => {
    const { credentialId, login } = await grant(APP)
    expect((await proxyMe(credentialId)).statusCode).toBe(200)
    await provider.revokeGrantsOf(login)
    const revoked = await proxyMe(credentialId)
    expect(revoked.statusCode).toBe(401)
    expect(revoked.headers['keyport-proxied']).toBe('1')
    expect((await h.request('GET', `/v1/credentials/${credentialId}`)).json().status).toBe(
      'expired',
    )
    const after = await proxyMe(credentialId)
    expect(after.statusCode).toBe(409)
    expect(after.json().error.code).toBe('credential_expired')
    expect(after.headers['keyport-proxied']).toBeUndefined()
  })

  it('re-checks a token it cannot refresh through the verification, expiring only a rejected one', async () => {
    let accept = true
    upstream.on('/whoami', (req, res) =>
      res
        .writeHead(accept && req.headers.authorization === 'Bearer no-refresh-token' ? 200 : 401)
        .end('{}'),
    )
    const importToken = async (username: string) => {
      const user = await h.request('POST', '/v1/users', { body: { username } })
      const imported = await h.request('POST', '/v1/credentials/import', {
        body: {
          userId: user.json().userId,
          app: NO_REFRESH,
          tokens: { accessToken: 'no-refresh-token' },
        },
      })
      expect(imported.statusCode, imported.body).toBe(201)
      return imported.json().credentialId as string
    }
    const kept = await importToken(`nr-kept-${database.name}`)
    const before = provider.tokenRequests()
    expect((await proxyMe(kept, 'things')).statusCode).toBe(401)
    await h.deps.proxy.settle()
    expect((await h.request('GET', `/v1/credentials/${kept}`)).json().status).toBe('active')
    accept = false
    const revoked = await importToken(`nr-revoked-${database.name}`)
    expect((await proxyMe(revoked, 'things')).statusCode).toBe(401)
    await h.deps.proxy.settle()
    expect((await h.request('GET', `/v1/credentials/${revoked}`)).json().status).toBe('expired')
    expect(provider.tokenRequests()).toBe(before)
  })

  async function metrics(): Promise<string> {
    return (await h.request('GET', '/metrics', { apiKey: null })).body
  }
})

function retryCount(metrics: string): number {
  return Number(/keyport_proxy_refresh_retries_total (\d+)/.exec(metrics)?.[1] ?? 0)
}
