// A provider that is down (503) is not an expiry: a token still inside its margin keeps being served, an
// expired one gets 502 and the credential stays active — until refresh has failed for the bounded period
// (24 h), when it expires once with reason provider_unreachable.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { TEST_DATABASES } from './support/databases.js'
import { startHarness, type Harness } from './support/harness.js'
import { startTestProvider, type TestProvider } from './support/oidc-provider.js'
import {
  REFRESH_APP,
  REFRESH_REDIRECT,
  connectAtProvider,
  startTokenProxy,
  writeRefreshCatalog,
  type TokenProxy,
} from './support/oidc-refresh.js'

describe.each(TEST_DATABASES)('refresh failures on $name', (database) => {
  let provider: TestProvider
  let proxy: TokenProxy
  let h: Harness
  let offsetMs = 0

  beforeAll(async () => {
    provider = await startTestProvider({ redirectURIs: [REFRESH_REDIRECT], accessTokenTTL: 600 })
    proxy = await startTokenProxy(provider)
    h = await startHarness(database, {
      catalogDirs: [writeRefreshCatalog(provider, proxy.url)],
      trustedPrivateHosts: ['127.0.0.1'], // the loopback provider
      now: () => new Date(Date.now() + offsetMs),
    })
    await h.request('PUT', `/v1/apps/${REFRESH_APP}/oauth-client`, {
      body: { clientId: provider.clientId, clientSecret: provider.clientSecret },
    })
  })
  afterAll(async () => {
    await h?.close()
    await proxy?.close()
    await provider?.close()
  })

  it('serves the still-valid token, answers 502 once it is dead, and expires only after 24 h of failure', async () => {
    const tokens = await connectAtProvider(provider, `down-${database.name}`)
    const { userId } = (
      await h.request('POST', '/v1/users', { body: { username: `down-${database.name}` } })
    ).json()
    const { credentialId } = (
      await h.request('POST', '/v1/credentials/import', {
        body: {
          userId,
          app: REFRESH_APP,
          tokens: {
            accessToken: tokens.accessToken,
            refreshToken: tokens.refreshToken!,
            expiresAt: tokens.expiresAt!,
          },
        },
      })
    ).json()
    proxy.stall('unavailable')

    offsetMs = 570_000 // inside the 60 s margin, not yet expired
    const inMargin = await h.request('GET', `/v1/credentials/${credentialId}/secret`)
    expect(inMargin.statusCode).toBe(200)
    expect(inMargin.json().data.accessToken).toBe(tokens.accessToken)

    offsetMs = 700_000 // expired
    const dead = await h.request('GET', `/v1/credentials/${credentialId}/secret`)
    expect(dead.statusCode).toBe(502)
    expect(dead.json().error.code).toBe('upstream_unavailable')
    expect(dead.body).not.toContain(tokens.accessToken)
    const check = (await h.request('POST', `/v1/credentials/${credentialId}/check`)).json()
    expect(check).toMatchObject({ status: 'active', outcome: 'unavailable' })

    offsetMs += 23 * 3_600_000
    expect((await h.request('GET', `/v1/credentials/${credentialId}/secret`)).statusCode).toBe(502)
    expect((await h.request('GET', `/v1/credentials/${credentialId}`)).json().status).toBe('active')

    offsetMs += 2 * 3_600_000
    const gone = await h.request('GET', `/v1/credentials/${credentialId}/secret`)
    expect(gone.statusCode).toBe(409)
    const events = (await h.request('GET', '/v1/events?type=credential.expired')).json().data
    expect(
      events
        .filter((e: { data: { credentialId: string } }) => e.data.credentialId === credentialId)
        .map((e: { data: { reason: string } }) => e.data.reason),
    ).toEqual(['provider_unreachable'])

    // The provider comes back: the credential stays expired (the user reconnects), nothing flips it silently.
    proxy.stall('none')
    expect((await h.request('GET', `/v1/credentials/${credentialId}/secret`)).statusCode).toBe(409)
  })
})
