import type { CredentialDeps, EnsureFresh, Refresher } from '../credentials/index.js'
import type { Authenticate } from './api-key-auth.js'
import type { ConnectDeps } from './connect.js'
import type { AllowList } from '../webhooks/index.js'

/** Everything the HTTP layer needs; main.ts (or a test) builds it. */
export interface ApiDeps extends CredentialDeps, ConnectDeps {
  authenticate: Authenticate
  publicURL: string
  ensureFresh?: EnsureFresh
  /** Single-flight token refresh (ensureFresh is its read hook); used by checks and the worker's sweeps. */
  refresher: Refresher
  /** KEYPORT_WEBHOOK_ALLOWED_HOSTS, parsed: private destinations a webhook may reach. */
  webhookAllow: AllowList
  /** Readiness probe: resolves when the database answers. */
  ping: () => Promise<void>
}
