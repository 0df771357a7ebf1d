// What the console receives, typed from the very schemas the server validates and serialises with (type-only
// imports: nothing of the server reaches the bundle).
import type { Static } from '@sinclair/typebox'
import type { AppSummary, Credential, User } from '../../src/api/schemas.js'
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
export type Summary = Static<typeof WorkspaceSummary>

export interface Page<T> {
  data: T[]
  nextCursor: string | null
}

export interface TimelineEntry {
  at: string
  kind: 'event' | 'audit'
  type: string
  id: string
  actor: string | null
  data: Record<string, unknown> | null
}

export interface CheckResult {
  credentialId: string
  status: 'active' | 'expired'
  outcome: string
  reason: string | null
  checkedAt: string
}

export type Role = 'admin' | 'support'

/** GET /console/api/session and POST /console/api/sign-in (docs: consoleauth's contract). */
export interface Session {
  user: { id: string; email: string; role: Role }
  workspaceId: string
  csrfToken: string
}

export interface ConsoleUser {
  id: string
  email: string
  role: Role
  createdAt: string
  lastSignInAt: string | null
  disabled?: boolean
}

export interface ApiKeyView {
  prefix: string
  createdAt: string
  lastUsedAt: string | null
  revokedAt: string | null
}
