// The modal served for real on loopback: a harness on `database` with the test-oidc apps in its catalog, the demo
// enabled, listening on a free port, and the default workspace's OAuth client set up against a local oidc-provider.
import { rmSync } from 'node:fs'
import type { FastifyInstance } from 'fastify'
import { buildApp } from '../../src/app.js'
import { createWorkspace } from '../../src/workspaces/index.js'
import { freePort } from './ports.js'
import type { TestDatabase } from './databases.js'
import { startHarness, type Harness, type HarnessOptions } from './harness.js'
import { startTestProvider, writeTestCatalog, type TestProvider } from './oidc-provider.js'

export interface ModalServer {
  h: Harness
  provider: TestProvider
  app: FastifyInstance
  /** http://127.0.0.1:<port> */
  base: string
  /** The default workspace's API key (the one the demo mints tokens for). */
  apiKey: string
  close(): Promise<void>
}

export async function startModalServer(
  database: TestDatabase,
  options: Pick<HarnessOptions, 'rateLimits'> = {},
): Promise<ModalServer> {
  const port = await freePort()
  const base = `http://127.0.0.1:${port}`
  const provider = await startTestProvider({
    redirectURIs: [`${base}/oauth/callback/test-oidc`, `${base}/oauth/callback/test-oidc-two`],
  })
  const dir = writeTestCatalog(provider.issuer)
  const h = await startHarness(database, {
    trustedPrivateHosts: ['127.0.0.1'], // the loopback oidc-provider
    ...options,
    catalogDirs: [dir],
    publicURL: base,
  })
  const { apiKey } = await createWorkspace(h.store.db, 'default')
  // What the browser sees is checked against the documents too: a mismatch fails close().
  const app = await buildApp({ ...h.deps, demo: true }, { plugins: [h.checkResponses] })
  await app.listen({ port, host: '127.0.0.1' })
  const put = await fetch(`${base}/v1/apps/test-oidc/oauth-client`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({ clientId: provider.clientId, clientSecret: provider.clientSecret }),
  })
  if (put.status !== 200) throw new Error(`setting the OAuth client failed: ${put.status}`)
  return {
    h,
    provider,
    app,
    base,
    apiKey,
    async close() {
      await app.close()
      await h.close()
      await provider.close()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}
