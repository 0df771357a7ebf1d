import type { Catalog } from '../catalog/index.js'
import type { Keyring } from '../crypto/index.js'
import type { ReadCredential, Store } from '../store/index.js'
import type { ActivityLog } from './activity.js'
import type { OutboundClient } from '../net/index.js'
import type { AllowList } from '../webhooks/index.js'
import type { Metrics } from '../metrics/index.js'

/** What the credential use cases need, built once in main.ts and passed down. */
export interface CredentialDeps {
  db: Store['db']
  dialect: 'sqlite' | 'postgres'
  /** The hot path's read of one credential (store.readCredential): same row as findCredential, faster. */
  readCredential: ReadCredential
  keyring: Keyring
  catalog: Catalog
  /**
   * Every request to a provider (verification, checks, OAuth, quirks): `providerClient.fetch` unless a test with a
   * scripted upstream injects its own (assembleDeps' `fetch` option).
   */
  fetch: typeof fetch
  /** The providers' guarded client (KEYPORT_TRUSTED_PRIVATE_HOSTS); its dispatcher serves streaming callers. */
  providerClient: OutboundClient
  /** The webhooks' guarded client (KEYPORT_WEBHOOK_ALLOWED_HOSTS); only webhook deliveries use it. */
  webhookClient: OutboundClient
  now: () => Date
  activity: ActivityLog
  /** KEYPORT_WEBHOOK_ALLOWED_HOSTS, for the webhook URL check at registration. */
  webhookAllow: AllowList
  /** This node's counters, exported by GET /metrics. */
  metrics: Metrics
  /** KEYPORT_PUBLIC_URL: where browsers reach this node (hosted connect links, redirect URIs). */
  publicURL: string
}

/** Who is acting, for the audit log. */
export interface Actor {
  workspaceId: string
  actor: string
  requestId: string | null
}
