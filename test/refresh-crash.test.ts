// kill -9 a node in the middle of a refresh, on both sides of the crash window, then read from another node:
// the credential is never silently lost — it is refreshed, or marked expired and announced exactly once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { TEST_DATABASES } from './support/databases.js'
import { startHarness, testKeyringSpec, type Harness } from './support/harness.js'
import { startNodeProcess } from './support/node-process.js'
import { startTestProvider, type TestProvider } from './support/oidc-provider.js'
import {
  REFRESH_APP,
  REFRESH_REDIRECT,
  importGrant,
  startTokenProxy,
  writeRefreshCatalog,
  type TokenProxy,
} from './support/oidc-refresh.js'

describe.each(TEST_DATABASES)('refresh crash window on $name', (database) => {
  let provider: TestProvider
  let proxy: TokenProxy
  let h: Harness
  let catalogDir: string
  const keys = testKeyringSpec()

  beforeAll(async () => {
    provider = await startTestProvider({
      redirectURIs: [REFRESH_REDIRECT],
      rotateRefreshToken: true,
    })
    proxy = await startTokenProxy(provider)
    catalogDir = writeRefreshCatalog(provider, proxy.url)
    h = await startHarness(database, {
      catalogDirs: [catalogDir],
      keyringSpec: keys,
      trustedPrivateHosts: ['127.0.0.1'], // the loopback provider
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

  const expiredCredential = (login: string) =>
    importGrant(h, provider, login, {
      email: `${login}@example.com`,
      expiresAt: new Date(Date.now() - 60_000).toISOString(),
    })

  async function killMidRefresh(
    credentialId: string,
    mode: 'before-provider' | 'after-provider',
  ): Promise<void> {
    // Stall first: the node's refresh-ahead sweep may be the one that starts the refresh (the read then joins it).
    proxy.stall(mode)
    const node = await startNodeProcess({
      database: h.databaseConfig,
      encryptionKeys: keys,
      env: { KEYPORT_CATALOG_DIRS: catalogDir },
    })
    const read = fetch(`${node.url}/v1/credentials/${credentialId}/secret`, {
      headers: { authorization: `Bearer ${h.apiKey}` },
    }).catch(() => null)
    await proxy.waitForStalled()
    await node.kill('SIGKILL')
    await read
    proxy.stall('none')
  }

  async function expiredEventsFor(credentialId: string) {
    const events = (await h.request('GET', '/v1/events?type=credential.expired&limit=500')).json()
      .data
    return events.filter(
      (e: { data: { credentialId: string } }) => e.data.credentialId === credentialId,
    )
  }

  it('killed before the provider saw the request: the next read refreshes normally', async () => {
    const credentialId = await expiredCredential(`before-${database.name}`)
    await killMidRefresh(credentialId, 'before-provider')
    const response = await h.request('GET', `/v1/credentials/${credentialId}/secret`)
    expect(response.statusCode).toBe(200)
    expect((await h.request('GET', `/v1/credentials/${credentialId}`)).json().status).toBe('active')
    expect(await expiredEventsFor(credentialId)).toEqual([])
  })

  it('killed after the provider rotated the token: expired and announced exactly once, never silently lost', async () => {
    const credentialId = await expiredCredential(`after-${database.name}`)
    await killMidRefresh(credentialId, 'after-provider')
    // The stored refresh token was spent by the dead node's request: the provider says invalid_grant.
    const responses = await Promise.all(
      [1, 2, 3].map(() => h.request('GET', `/v1/credentials/${credentialId}/secret`)),
    )
    expect(responses.map((r) => r.statusCode)).toEqual([409, 409, 409])
    expect(responses[0]!.json().error.code).toBe('credential_expired')
    const events = await expiredEventsFor(credentialId)
    expect(events).toHaveLength(1)
    expect(events[0].data).toMatchObject({
      credentialId,
      reason: 'refresh_rejected',
      userEmail: `after-${database.name}@example.com`,
    })
  })
})
