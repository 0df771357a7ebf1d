// Single flight: hundreds of concurrent reads of one expired credential → one token request at the provider,
// every caller the same new token, the grant still alive. In one process (every database) and across several
// `keyport serve` processes on one PostgreSQL database.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openJSON } from '../src/crypto/index.js'
import { credentialSecretContext, type CredentialSecret } from '../src/credentials/index.js'
import { refreshAccessToken } from '../src/oauth/index.js'
import { TEST_DATABASES } from './support/databases.js'
import { startHarness, testKeyringSpec, type Harness } from './support/harness.js'
import { startNodeProcess, type NodeProcess } from './support/node-process.js'
import { startTestProvider, type TestProvider } from './support/oidc-provider.js'
import {
  REFRESH_APP,
  REFRESH_REDIRECT,
  importGrant,
  refreshRecipe,
  writeRefreshCatalog,
} from './support/oidc-refresh.js'
import { loopbackFetch } from './support/loopback-fetch.js'

describe.each(TEST_DATABASES)('refresh single flight on $name', (database) => {
  let provider: TestProvider
  let h: Harness
  let catalogDir: string
  const keys = testKeyringSpec()

  beforeAll(async () => {
    provider = await startTestProvider({
      redirectURIs: [REFRESH_REDIRECT],
      rotateRefreshToken: true,
    })
    catalogDir = writeRefreshCatalog(provider)
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
    await provider?.close()
  })

  /** A real grant at the provider, imported with an access token Keyport believes expired a minute ago. */
  const expiredCredential = (login: string) =>
    importGrant(h, provider, login, { expiresAt: new Date(Date.now() - 60_000).toISOString() })

  /** The grant is alive and the stored refresh token is the current one: refreshing with it works. */
  async function assertGrantAlive(credentialId: string): Promise<void> {
    const row = await h.store.db
      .selectFrom('credential')
      .selectAll()
      .where('id', '=', credentialId)
      .executeTakeFirstOrThrow()
    const secret = openJSON<CredentialSecret>(
      h.keyring,
      row.secretSealed,
      credentialSecretContext(row.workspaceId, row.id),
    )
    if (secret.kind !== 'oauth2') throw new Error('not oauth')
    const again = await refreshAccessToken({
      fetch: loopbackFetch,
      recipe: refreshRecipe(provider),
      client: { clientId: provider.clientId, clientSecret: provider.clientSecret },
      refreshToken: secret.refreshToken!,
    })
    expect(again.accessToken).toBeTruthy()
  }

  it('coalesces 300 concurrent reads in one process into one token request', async () => {
    const credentialId = await expiredCredential(`inproc-${database.name}`)
    const before = provider.tokenRequests()
    const responses = await Promise.all(
      Array.from({ length: 300 }, () => h.request('GET', `/v1/credentials/${credentialId}/secret`)),
    )
    expect(responses.map((r) => r.statusCode)).toEqual(Array(300).fill(200))
    expect(new Set(responses.map((r) => r.json().data.accessToken)).size).toBe(1)
    expect(provider.tokenRequests() - before).toBe(1)
    await assertGrantAlive(credentialId)
  })

  it.skipIf(database.name !== 'postgres')(
    'sends one token request for 300 concurrent reads across 3 processes',
    async () => {
      const nodes: NodeProcess[] = []
      try {
        for (let i = 0; i < 3; i++) {
          nodes.push(
            await startNodeProcess({
              database: h.databaseConfig,
              encryptionKeys: keys,
              env: { KEYPORT_CATALOG_DIRS: catalogDir },
            }),
          )
        }
        // Created once the nodes are up: their sweeps must not refresh it before the storm (if one does
        // join in, it takes part in the same single flight and the count below still holds).
        const credentialId = await expiredCredential('multinode')
        const before = provider.tokenRequests()
        const responses = await Promise.all(
          Array.from({ length: 300 }, async (_, i) => {
            const response = await fetch(
              `${nodes[i % 3]!.url}/v1/credentials/${credentialId}/secret`,
              { headers: { authorization: `Bearer ${h.apiKey}` } },
            )
            return {
              status: response.status,
              body: (await response.json()) as { data: { accessToken: string } },
            }
          }),
        )
        expect(responses.map((r) => r.status)).toEqual(Array(300).fill(200))
        expect(new Set(responses.map((r) => r.body.data.accessToken)).size).toBe(1)
        expect(provider.tokenRequests() - before).toBe(1)
        await assertGrantAlive(credentialId)
      } finally {
        for (const node of nodes) await node.kill('SIGKILL')
      }
    },
    // Three processes start one after the other: on a loaded 2-core machine that alone passed 30 s.
    120_000,
  )
})
