// Refresh against a real authorization server (oidc-provider, rotating refresh tokens): a read after expiry gets
// a fresh token; after the grant is revoked the next read is 409 credential_expired and exactly one signed
// credential.expired reaches a local receiver.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { OAuthResponseError, refreshAccessToken } from '../src/oauth/index.js'
import { credentialSweeps } from '../src/credentials/index.js'
import { Worker } from '../src/worker/index.js'
import { TEST_DATABASES } from './support/databases.js'
import { startHarness, type Harness } from './support/harness.js'
import { startTestProvider, type TestProvider } from './support/oidc-provider.js'
import {
  REFRESH_APP,
  REFRESH_REDIRECT,
  connectAtProvider,
  refreshRecipe,
  writeRefreshCatalog,
} from './support/oidc-refresh.js'
import { startReceiver, type Receiver } from './support/receiver.js'
import { loopbackFetch } from './support/loopback-fetch.js'

describe.each(TEST_DATABASES)('token refresh on $name', (database) => {
  let provider: TestProvider
  let h: Harness
  let receiver: Receiver
  let worker: Worker
  let secret: string
  let offsetMs = 0
  const advance = (ms: number) => (offsetMs += ms)

  beforeAll(async () => {
    provider = await startTestProvider({
      redirectURIs: [REFRESH_REDIRECT],
      accessTokenTTL: 600,
      rotateRefreshToken: true,
    })
    h = await startHarness(database, {
      catalogDirs: [writeRefreshCatalog(provider)],
      webhookAllowedHosts: ['127.0.0.1'],
      trustedPrivateHosts: ['127.0.0.1'], // the loopback provider
      now: () => new Date(Date.now() + offsetMs),
    })
    receiver = await startReceiver()
    worker = new Worker({ ...h.deps, onError: (e) => console.error(e) })
    const client = await h.request('PUT', `/v1/apps/${REFRESH_APP}/oauth-client`, {
      body: { clientId: provider.clientId, clientSecret: provider.clientSecret },
    })
    expect(client.statusCode).toBe(200)
    secret = (
      await h.request('POST', '/v1/webhooks', {
        body: { url: receiver.url, events: ['credential.expired'] },
      })
    ).json().secret
  })
  afterAll(async () => {
    await worker?.stop()
    await receiver?.close()
    await h?.close()
    await provider?.close().catch(() => undefined) // one test closes it early
  })

  async function importConnection(login: string) {
    const tokens = await connectAtProvider(provider, login)
    const { userId } = (
      await h.request('POST', '/v1/users', {
        body: { username: login, email: `${login}@example.com` },
      })
    ).json()
    const imported = await h.request('POST', '/v1/credentials/import', {
      body: {
        userId,
        app: REFRESH_APP,
        name: 'Main account',
        tokens: {
          accessToken: tokens.accessToken,
          refreshToken: tokens.refreshToken!,
          expiresAt: tokens.expiresAt!,
        },
      },
    })
    expect(imported.statusCode).toBe(201)
    return { userId, credentialId: imported.json().credentialId as string, tokens }
  }

  it('refreshes on read after expiry, keeps the rotated refresh token, and expires once after revocation', async () => {
    const login = `user-${database.name}`
    const { userId, credentialId, tokens } = await importConnection(login)
    const calls = provider.tokenRequests()

    const fresh = await h.request('GET', `/v1/credentials/${credentialId}/secret`)
    expect(fresh.json().data.accessToken).toBe(tokens.accessToken)
    expect(provider.tokenRequests()).toBe(calls) // still fresh: the provider was not asked

    advance(600_000)
    const first = await h.request('GET', `/v1/credentials/${credentialId}/secret`)
    expect(first.statusCode).toBe(200)
    expect(first.json().data.accessToken).not.toBe(tokens.accessToken)
    expect(first.body).not.toContain(tokens.refreshToken!)
    expect(provider.tokenRequests()).toBe(calls + 1)
    expect(Date.parse(first.json().expiresAt)).toBeGreaterThan(Date.now() + offsetMs)

    // A second refresh only works if the rotated refresh token was kept (the first one is spent).
    advance(600_000)
    const second = await h.request('GET', `/v1/credentials/${credentialId}/secret`)
    expect(second.statusCode).toBe(200)
    expect(second.json().data.accessToken).not.toBe(first.json().data.accessToken)
    expect(provider.tokenRequests()).toBe(calls + 2)

    await provider.revokeGrantsOf(login)
    advance(600_000)
    const expired = await h.request('GET', `/v1/credentials/${credentialId}/secret`)
    expect(expired.statusCode).toBe(409)
    expect(expired.json().error.code).toBe('credential_expired')
    expect((await h.request('GET', `/v1/credentials/${credentialId}/secret`)).statusCode).toBe(409)
    expect((await h.request('GET', `/v1/credentials/${credentialId}`)).json().status).toBe(
      'expired',
    )

    await worker.deliveries.drain()
    const expiredEvents = receiver.received.filter((r) => r.json.data.credentialId === credentialId)
    expect(expiredEvents).toHaveLength(1)
    const payload = receiver.verify(expiredEvents[0]!, secret) as {
      type: string
      data: Record<string, unknown>
    }
    expect(payload.type).toBe('credential.expired')
    expect(payload.data).toEqual({
      userId,
      userEmail: `${login}@example.com`,
      credentialId,
      credentialName: 'Main account',
      app: REFRESH_APP,
      reason: 'refresh_rejected',
      expiredAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      reconnectUrl: expect.stringMatching(/\/connect#token=ct_.+&credentialId=cred_/),
    })
    expect(expiredEvents[0]!.body).not.toMatch(/accessToken|refreshToken/)
  })

  it('refreshes ahead of expiry in the background, so the next read does not wait for the provider', async () => {
    offsetMs = 0 // the clock the earlier test moved, back to now
    const { credentialId, tokens } = await importConnection(`ahead-${database.name}`)
    const sweep = credentialSweeps(h.deps).find((s) => s.name === 'refresh-ahead')!
    expect(await sweep.run()).toBe(0) // ten minutes left: nothing due
    advance(520_000) // 80 s left: inside the 60 s margin + the sweep's 60 s lead
    const before = provider.tokenRequests()
    expect(await sweep.run()).toBe(1)
    expect(provider.tokenRequests()).toBe(before + 1)
    const read = await h.request('GET', `/v1/credentials/${credentialId}/secret`)
    expect(read.json().data.accessToken).not.toBe(tokens.accessToken)
    expect(provider.tokenRequests()).toBe(before + 1) // the read itself did not refresh
  })

  it('revokes the grant at the provider when the credential is deleted, and announces credential.deleted', async () => {
    const login = `deleted-${database.name}`
    const { userId, credentialId, tokens } = await importConnection(login)
    expect((await h.request('DELETE', `/v1/credentials/${credentialId}`)).statusCode).toBe(204)
    // RFC 7009: the refresh token no longer works at the provider.
    const error = await refreshAccessToken({
      fetch: loopbackFetch,
      recipe: refreshRecipe(provider),
      client: { clientId: provider.clientId, clientSecret: provider.clientSecret },
      refreshToken: tokens.refreshToken!,
    }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(OAuthResponseError)
    expect((error as OAuthResponseError).error).toBe('invalid_grant')
    const deleted = (await h.request('GET', '/v1/events?type=credential.deleted')).json().data
    expect(
      deleted.filter(
        (e: { data: { credentialId: string } }) => e.data.credentialId === credentialId,
      ),
    ).toEqual([
      expect.objectContaining({
        data: expect.objectContaining({
          userId,
          credentialId,
          app: REFRESH_APP,
          userEmail: `${login}@example.com`,
        }),
      }),
    ])
  })

  it('deletes even when the provider cannot be reached for revocation', async () => {
    const { credentialId } = await importConnection(`unreachable-${database.name}`)
    await provider.close() // the provider is gone
    expect((await h.request('DELETE', `/v1/credentials/${credentialId}`)).statusCode).toBe(204)
    expect((await h.request('GET', `/v1/credentials/${credentialId}`)).statusCode).toBe(404)
  })
})
