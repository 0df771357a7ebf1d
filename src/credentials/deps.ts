import type { Kysely } from 'kysely'
import type { Catalog } from '../catalog/index.js'
import type { Keyring } from '../crypto/index.js'
import type { Database, ReadCredential } from '../store/index.js'
import type { ActivityLog } from './activity.js'
import type { AllowList } from '../webhooks/index.js'
import type { Metrics } from '../metrics/index.js'

/** What the credential use cases need, built once in main.ts and passed down. */
export interface CredentialDeps {
  db: Kysely<Database>
  dialect: 'sqlite' | 'postgres'
  /** The hot path's read of one credential (store.readCredential): same row as findCredential, faster. */
  readCredential: ReadCredential
  keyring: Keyring
  catalog: Catalog
  fetch: typeof fetch
  now: () => Date
  activity: ActivityLog
  /** Private hosts Keyport may still call (KEYPORT_WEBHOOK_ALLOWED_HOSTS): webhooks and user-chosen verification hosts. */
  outboundAllow: AllowList
  /** This node's counters, exported by GET /metrics. */
  metrics: Metrics
}

/** Who is acting, for the audit log. */
export interface Actor {
  workspaceId: string
  actor: string
  requestId: string | null
}
