// A whole Keyport node without a socket: real database, real keyring, real catalog, app.inject() for requests.
import { randomBytes } from 'node:crypto'
import type { FastifyInstance, LightMyRequestResponse } from 'fastify'
import { buildApp, type BuildOptions } from '../../src/app.js'
import type { ApiDeps } from '../../src/api/deps.js'
import { BUILTIN_CATALOG_DIR, createCatalog, loadCatalog } from '../../src/catalog/index.js'
import { parseKeyring, type Keyring } from '../../src/crypto/index.js'
import { loadKeyring } from '../../src/keys/index.js'
import { assembleDeps } from '../../src/main.js'
import { migrateToLatest, openStore, type Store } from '../../src/store/index.js'
import { createWorkspace } from '../../src/workspaces/index.js'
import type { TestDatabase } from './databases.js'
import { checkResponsesAgainstDocument } from './openapi-responses.js'
import type { DatabaseConfig } from '../../src/config.js'
import type { RateLimits } from '../../src/ratelimit/index.js'
import type { ProxySettings } from '../../src/proxy/index.js'

export interface Harness {
  app: FastifyInstance
  deps: ApiDeps
  store: Store
  keyring: Keyring
  /** Where the suite's database is, for child processes that open it too. */
  databaseConfig: DatabaseConfig
  /** The main workspace's key, and a second workspace's, for cross-workspace tests. */
  apiKey: string
  workspaceId: string
  otherApiKey: string
  otherWorkspaceId: string
  request(
    method: string,
    url: string,
    options?: { body?: unknown; apiKey?: string | null; headers?: Record<string, string> },
  ): Promise<LightMyRequestResponse>
  /** Throws when an answer since the last check did not match its document (request() and close() call it). */
  assertResponsesMatchDocument(): void
  /** The same check on another app built from these deps (a BuildOptions plugin): its mismatches fail close(). */
  checkResponses(app: FastifyInstance): void
  close(): Promise<void>
}

export function testKeyringSpec(kid = 'test1'): string {
  return `${kid}:${randomBytes(32).toString('base64')}`
}

export interface HarnessOptions {
  catalogDirs?: string[]
  fetch?: typeof fetch
  now?: () => Date
  keyringSpec?: string
  publicURL?: string
  build?: BuildOptions
  webhookAllowedHosts?: string[]
  /**
   * KEYPORT_TRUSTED_PRIVATE_HOSTS: none by default, as in production. A test whose provider runs on loopback
   * (oidc-provider, a local verification server, a private catalog app) trusts ['127.0.0.1'].
   */
  trustedPrivateHosts?: string[]
  /** Request budgets (none when absent). */
  rateLimits?: RateLimits
  /** Serve /demo and /demo/token (KEYPORT_DEMO). */
  demo?: boolean
  /** The proxy's limits (defaults otherwise). */
  proxySettings?: Partial<ProxySettings>
}

export async function startHarness(
  database: TestDatabase,
  options: HarnessOptions = {},
): Promise<Harness> {
  const { config, drop } = await database.create()
  const store = openStore(config)
  await migrateToLatest(store)
  const keyring = options.keyringSpec
    ? await loadKeyring(
        store.db,
        { encryptionKeys: options.keyringSpec, dataDir: '/nonexistent' },
        () => {},
      )
    : await loadKeyring(
        store.db,
        { encryptionKeys: testKeyringSpec(), dataDir: '/nonexistent' },
        () => {},
      )
  const catalog = createCatalog(loadCatalog([BUILTIN_CATALOG_DIR, ...(options.catalogDirs ?? [])]))
  const deps = assembleDeps({
    store,
    keyring,
    catalog,
    publicURL: options.publicURL ?? 'http://localhost:3000',
    ...(options.fetch ? { fetch: options.fetch } : {}),
    ...(options.now ? { now: options.now } : {}),
    ...(options.webhookAllowedHosts ? { webhookAllowedHosts: options.webhookAllowedHosts } : {}),
    ...(options.trustedPrivateHosts ? { trustedPrivateHosts: options.trustedPrivateHosts } : {}),
    ...(options.rateLimits ? { rateLimits: options.rateLimits } : {}),
    ...(options.demo ? { demo: options.demo } : {}),
    ...(options.proxySettings ? { proxySettings: options.proxySettings } : {}),
  })
  // Every answer checked against the served OpenAPI document, or the modal API's (openapi-responses.ts);
  // mismatches fail the test.
  const problems: string[] = []
  const failOnMismatch = (): void => {
    if (problems.length === 0) return
    const found = problems.splice(0)
    throw new Error(`Answers that do not match their OpenAPI document:\n${found.join('\n')}`)
  }
  const checkResponses = (instance: FastifyInstance): void =>
    checkResponsesAgainstDocument(instance, problems)
  const app = await buildApp(deps, {
    ...options.build,
    plugins: [checkResponses, ...(options.build?.plugins ?? [])],
  })
  const main = await createWorkspace(store.db, 'main')
  const other = await createWorkspace(store.db, 'other')
  return {
    app,
    deps,
    store,
    keyring,
    databaseConfig: config,
    apiKey: main.apiKey,
    workspaceId: main.workspaceId,
    otherApiKey: other.apiKey,
    otherWorkspaceId: other.workspaceId,
    async request(method, url, { body, apiKey = main.apiKey, headers = {} } = {}) {
      const response = await app.inject({
        method: method as 'GET',
        url,
        headers: { ...(apiKey ? { authorization: `Bearer ${apiKey}` } : {}), ...headers },
        ...(body !== undefined ? { payload: body as object } : {}),
      })
      failOnMismatch()
      return response
    },
    assertResponsesMatchDocument: failOnMismatch,
    checkResponses,
    async close() {
      await app.close()
      await deps.proxy.settle()
      await deps.activity.stop()
      await Promise.all([deps.providerClient.close(), deps.webhookClient.close()])
      await store.close()
      await drop()
      failOnMismatch()
    },
  }
}

export { parseKeyring }
