import type { AuthenticateAgentToken } from '../agents/index.js'
import type { CredentialDeps, EnsureFresh, Refresher } from '../credentials/index.js'
import type { ProxyRuntime } from '../proxy/index.js'
import type { RateLimits } from '../ratelimit/index.js'
import type { ConsoleDeps } from '../console/index.js'
import type { Authenticate } from '../workspaces/index.js'
import type { ConnectDeps } from './connect.js'

/** Everything the HTTP layer needs; main.ts (or a test) builds it. */
export interface ApiDeps extends CredentialDeps, ConnectDeps, ConsoleDeps {
  authenticate: Authenticate
  /** Agent tokens (at_…), accepted at /mcp only. */
  authenticateAgentToken: AuthenticateAgentToken
  publicURL: string
  ensureFresh?: EnsureFresh
  /** Single-flight token refresh (ensureFresh is its read hook); used by checks and the worker's sweeps. */
  refresher: Refresher
  /** Readiness probe: resolves when the database answers. */
  ping: () => Promise<void>
  /** Per-workspace (/v1) and per-connect-token (/connect/api) request budgets. */
  rateLimits: RateLimits
  /** The proxy's outbound dispatcher, limits and in-flight counts (ANY /v1/proxy/…). */
  proxy: ProxyRuntime
}
