// Builds everything from the config and runs one Keyport node: read config → open db → migrate → keyring →
// catalog → build app → listen; stops gracefully on SIGTERM/SIGINT.
import type { Logger } from 'pino'
import type { FastifyInstance } from 'fastify'
import { buildApp } from './app.js'
import { startBufferReclaim } from './buffer-reclaim.js'
import type { ApiDeps } from './api/deps.js'
import { BUILTIN_CATALOG_DIR, createCatalog, loadCatalog, type Catalog } from './catalog/index.js'
import type { Keyring } from './crypto/index.js'
import type { Config } from './config.js'
import { announceFirstKey } from './first-key.js'
import { createAgentTokenAuthenticator } from './agents/index.js'
import { createConnectTokenAuthenticator } from './credentials/index.js'
import { ActivityLog, createRefresher } from './credentials/index.js'
import { createMetrics } from './metrics/index.js'
import { createRateLimits, type RateLimits } from './ratelimit/index.js'
import { pingDatabase, type Store } from './store/index.js'
import { openServices } from './services.js'
import { createApiKeyAuthenticator, ensureDefaultWorkspace } from './workspaces/index.js'
import { createOutboundClient } from './net/index.js'
import { parseAllowList } from './webhooks/index.js'
import { buildWorker } from './worker/index.js'
import { createProxyRuntime, type ProxySettings } from './proxy/index.js'
import { DEFAULT_CONSOLE_SETTINGS, type ConsoleSettings } from './console/index.js'

export interface Node {
  app: FastifyInstance
  deps: ApiDeps
  store: Store
  stop(): Promise<void>
}

export interface AssembleOptions {
  store: Store
  keyring: Keyring
  catalog: Catalog
  publicURL: string
  /**
   * Tests with a scripted upstream only (a fake provider answering for a public host name): replaces deps.fetch.
   * Everything else keeps the guarded providers' client, so the suite exercises the guard.
   */
  fetch?: typeof fetch
  now?: () => Date
  /** Serve the /demo page (KEYPORT_DEMO). */
  demo?: boolean
  /** KEYPORT_WEBHOOK_ALLOWED_HOSTS: private hosts/CIDRs webhooks may reach. None when absent. */
  webhookAllowedHosts?: readonly string[]
  /** KEYPORT_TRUSTED_PRIVATE_HOSTS: private hosts/CIDRs providers may be on. None when absent. */
  trustedPrivateHosts?: readonly string[]
  /** Request budgets; none (nothing limited) when absent, as in most tests. */
  rateLimits?: RateLimits
  /** The proxy's limits (KEYPORT_PROXY_*); defaults when absent. */
  proxySettings?: Partial<ProxySettings>
  /** The console's session timeouts (KEYPORT_CONSOLE_*); defaults when absent. */
  consoleSettings?: ConsoleSettings
}

/** The dependency object every route and use case receives. Tests call this too, with their own fetch or clock. */
export function assembleDeps(options: AssembleOptions): ApiDeps {
  const { store } = options
  const now = options.now ?? (() => new Date())
  // Two clients, two trust lists: trusting a private provider never lets a webhook reach it, and the other way round.
  const providerClient = createOutboundClient({ trusted: options.trustedPrivateHosts ?? [] })
  const webhookClient = createOutboundClient({ trusted: options.webhookAllowedHosts ?? [] })
  // One registry per node, never prom-client's global one: tests build many nodes in one process.
  const metrics = createMetrics()
  const deps: Omit<ApiDeps, 'refresher' | 'ensureFresh'> = {
    db: store.db,
    dialect: store.dialect,
    readCredential: store.readCredential,
    keyring: options.keyring,
    catalog: options.catalog,
    fetch: options.fetch ?? providerClient.fetch,
    providerClient,
    webhookClient,
    now,
    activity: new ActivityLog(store.writeActivity, now, { metrics }),
    authenticate: createApiKeyAuthenticator(store.db, { ttlMs: 1000 }),
    authenticateConnectToken: createConnectTokenAuthenticator(store.db, { ttlMs: 5000, now }),
    authenticateAgentToken: createAgentTokenAuthenticator(store.db, now),
    demo: options.demo ?? false,
    publicURL: options.publicURL,
    consoleSettings: options.consoleSettings ?? DEFAULT_CONSOLE_SETTINGS,
    webhookAllow: parseAllowList(options.webhookAllowedHosts ?? []),
    metrics,
    ping: async () => {
      await pingDatabase(store.db)
    },
    rateLimits: options.rateLimits ?? createRateLimits({ workspace: 0, connectToken: 0 }),
    proxy: createProxyRuntime({
      // Providers' client: the proxy reaches exactly what verification and OAuth may (KEYPORT_TRUSTED_PRIVATE_HOSTS).
      dispatcher: providerClient.dispatcher,
      ...(options.proxySettings ? { settings: options.proxySettings } : {}),
    }),
  }
  const refresher = createRefresher(deps)
  return { ...deps, refresher, ensureFresh: refresher.ensureFresh }
}

/** Within the usual 30 s a scheduler (Kubernetes, systemd) waits after SIGTERM before it kills. */
const DRAIN_DEADLINE_MS = 20_000

export async function startNode(config: Config, log: Logger): Promise<Node> {
  const startedAt = performance.now()
  const catalog = createCatalog(loadCatalog([BUILTIN_CATALOG_DIR, ...config.catalogDirs]))
  const { store, keyring } = await openServices(config, log)
  const deps = assembleDeps({
    store,
    keyring,
    catalog,
    publicURL: config.publicURL,
    demo: config.demo,
    webhookAllowedHosts: config.webhookAllowedHosts,
    trustedPrivateHosts: config.trustedPrivateHosts,
    proxySettings: config.proxy,
    consoleSettings: config.console,
    rateLimits: createRateLimits({
      workspace: config.rateLimit,
      connectToken: config.connectRateLimit,
      agentToken: config.agentRateLimit,
      signIn: config.signInRateLimit,
      redisURL: config.redisURL,
      log,
    }),
  })
  const { activity } = deps
  const app = await buildApp(deps, { logger: log })
  const created = await ensureDefaultWorkspace(store.db)
  activity.start()
  const stopBufferReclaim = startBufferReclaim()
  const worker = buildWorker(deps, log)
  worker.start()
  if (created)
    announceFirstKey({ ...created, publicURL: config.publicURL, dataDir: config.dataDir, log })
  await app.listen({ port: config.port, host: config.host })
  log.info(
    {
      apps: catalog.size,
      database: store.dialect,
      startupMs: Math.round(performance.now() - startedAt),
    },
    `Keyport listening on ${config.publicURL}`,
  )
  return {
    app,
    deps,
    store,
    async stop() {
      // Drains in-flight requests; one stuck past the deadline is cut off so the stop ends within it.
      const deadline = setTimeout(() => app.server.closeAllConnections(), DRAIN_DEADLINE_MS)
      deadline.unref()
      await app.close() // stops accepting, drains in-flight requests
      clearTimeout(deadline)
      await deps.rateLimits.close() // the Redis connection, if any
      await worker.stop() // finishes or hands back (releases the leases of) claimed deliveries
      await deps.proxy.settle() // re-checks started by proxied 401s
      await activity.stop()
      await Promise.all([deps.providerClient.close(), deps.webhookClient.close()])
      await store.close()
      stopBufferReclaim()
    },
  }
}
