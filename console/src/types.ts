// What the console receives, typed from the very schemas the server validates and serialises with (type-only
// imports: nothing of the server reaches the bundle).
import type { Static } from '@sinclair/typebox'
import type {
  AppDetail,
  AppSummary,
  Credential,
  OAuthClientView as OAuthClient,
  User,
} from '../../src/api/schemas.js'
import type { AuditEntry } from '../../src/api/audit-schemas.js'
import type { Delivery, Event, Webhook, WebhookWithSecret } from '../../src/api/webhook-schemas.js'
import type { WorkspaceSummary } from '../../src/api/summary.js'

export type CredentialView = Static<typeof Credential>
export type UserView = Static<typeof User>
export type AuditView = Static<typeof AuditEntry>
export type WebhookView = Static<typeof Webhook>
export type NewWebhook = Static<typeof WebhookWithSecret>
export type DeliveryView = Static<typeof Delivery>
export type EventView = Static<typeof Event>
export type AppView = Static<typeof AppSummary>
export type AppDetailView = Static<typeof AppDetail>
export type OAuthClientView = Static<typeof OAuthClient>
export type Summary = Static<typeof WorkspaceSummary>

export interface Page<T> {
  data: T[]
  nextCursor: string | null
}

export type { TimelineEntry, CheckResult, ExpiryReason } from '../../src/credentials/index.js'
export type {
  SessionView as Session,
  ConsoleUserView as ConsoleUser,
} from '../../src/console/index.js'
export type { ConsoleRole as Role } from '../../src/console/index.js'
export type { ApiKeySummary as ApiKeyView } from '../../src/store/index.js'
