// Table types as TypeScript sees them (camelCase; the CamelCasePlugin maps to the snake_case columns).
// Timestamps are ISO 8601 UTC strings on both SQLite and PostgreSQL (they sort as text);
// JSON columns are text; booleans are 0/1 integers. One representation, one set of queries.
import type { Sealed } from '../crypto/index.js'

export interface WorkspaceTable {
  id: string
  name: string
  createdAt: string
}

export interface ApiKeyTable {
  id: string
  workspaceId: string
  prefix: string
  hash: string
  createdAt: string
  revokedAt: string | null
  /** Migration 2026-12-03T2303: when the key last authenticated, kept to the minute. */
  lastUsedAt?: string | null
}

export interface EndUserTable {
  id: string
  workspaceId: string
  username: string
  email: string | null
  fullName: string | null
  /** The platform's metadata: a JSON object as text, null when it set none. */
  metadata: string | null
  createdAt: string
  updatedAt: string
}

export interface OAuthClientTable {
  workspaceId: string
  app: string
  clientId: string
  clientSecretSealed: Sealed
  scopes: string | null
  createdAt: string
  updatedAt: string
}

export const CREDENTIAL_STATUSES = ['active', 'expired'] as const
export type CredentialStatus = (typeof CREDENTIAL_STATUSES)[number]

export interface CredentialTable {
  id: string
  workspaceId: string
  userId: string
  app: string
  name: string
  type: string
  status: CredentialStatus
  secretSealed: Sealed
  /** Keyport's non-secret metadata: public typed fields, token-response and callback metadata (JSON text). */
  metadata: string
  /** The platform's own metadata (JSON text), null when it set none; never shadows a key of `metadata`. */
  platformMetadata: string | null
  expiresAt: string | null
  refreshExpiresAt: string | null
  version: number
  createdAt: string
  updatedAt: string
  lastUsedAt: string | null
  lastRefreshedAt: string | null
  lastCheckedAt: string | null
  nextCheckAt: string | null
  failureCount: number
  failingSince: string | null
  expiredReason: string | null
  expiredAt: string | null
  expiringNotifiedAt: string | null
}

export interface ConnectTokenTable {
  hash: string
  workspaceId: string
  userId: string
  apps: string | null
  expiresAt: string
  createdAt: string
}

/** An AI agent's bearer token for /mcp, for one user (migration 2026-12-03T1842). apps and methods are JSON. */
export interface AgentTokenTable {
  id: string
  workspaceId: string
  userId: string
  hash: string
  apps: string | null
  methods: string | null
  label: string | null
  expiresAt: string
  createdAt: string
  revokedAt: string | null
  /** Migration 2026-12-03T1921: 1 when the token's MCP client declared URL-mode elicitation at initialize. */
  clientElicitsUrl: number
}

export interface OAuthFlowTable {
  stateHash: string
  workspaceId: string
  userId: string
  app: string
  credentialId: string | null
  verifierSealed: Sealed | null
  browserHash: string
  fields: string
  expiresAt: string
  usedAt: string | null
  createdAt: string
  /** Migration 004: set with credentialId when a claimed flow ends; the modal polls for it. */
  errorMessage: string | null
}

export interface WebhookEndpointTable {
  id: string
  workspaceId: string
  url: string
  events: string | null
  secretSealed: Sealed
  previousSecretSealed: Sealed | null
  previousSecretExpiresAt: string | null
  enabled: number
  disabledReason: string | null
  /** Since when every attempt to this endpoint has failed (migration 002); null while it works. */
  failingSince: string | null
  createdAt: string
  updatedAt: string
}

export interface EventTable {
  id: string
  workspaceId: string
  type: string
  data: string
  createdAt: string
  /** The credential a credential.* event is about (migration 2026-12-03T1921), for its timeline. */
  credentialId: string | null
}

export interface WebhookDeliveryTable {
  id: string
  workspaceId: string
  endpointId: string
  eventId: string
  status: 'pending' | 'succeeded' | 'failed'
  attempts: number
  nextAttemptAt: string | null
  leaseUntil: string | null
  leaseOwner: string | null
  lastStatusCode: number | null
  lastError: string | null
  lastAttemptAt: string | null
  createdAt: string
  updatedAt: string
}

/** One row per delivery attempt (migration 002). */
export interface WebhookAttemptTable {
  id: string
  workspaceId: string
  deliveryId: string
  attempt: number
  statusCode: number | null
  error: string | null
  durationMs: number
  createdAt: string
}

export interface AuditLogTable {
  id: string
  workspaceId: string
  actor: string
  action: string
  target: string
  requestId: string | null
  createdAt: string
  /** The user the action concerns, when there is one (migration 2026-12-03T1850). */
  userId: string | null
  /** JSON object with what else is worth keeping (proxied method, path, status): never a secret. */
  detail: string | null
}

/** A create sent with an Idempotency-Key (migration 2026-12-03T2015): its first answer, kept 24 hours. */
export interface IdempotencyKeyTable {
  /** SHA-256 of workspace id and key: the key as the client sent it is never stored. */
  id: string
  workspaceId: string
  /** SHA-256 of the method, route and body: the same key with another request is refused. */
  requestHash: string
  /** Null while the first request is still being answered. */
  statusCode: number | null
  /** The first answer's body, sealed: it may hold what is shown once (a token, a webhook secret). */
  responseSealed: Sealed | null
  createdAt: string
  expiresAt: string
}

export interface EncryptionKeyTable {
  kid: string
  canarySealed: Sealed
  createdAt: string
  retiredAt: string | null
}

export interface WorkspaceSettingTable {
  workspaceId: string
  /** JSON array of origins, or null. */
  modalFrameAncestors: string | null
  updatedAt: string
}

/** A person who signs in to the console (migration 2026-12-03T2303). */
export interface ConsoleUserTable {
  id: string
  workspaceId: string
  /** Trimmed and lower-cased; unique per workspace. */
  email: string
  role: 'admin' | 'support'
  createdAt: string
  lastSignInAt: string | null
  /** Set when an admin removes the user: no sign-in, no session. */
  disabledAt: string | null
}

/** A one-time sign-in link: the SHA-256 of its token, single-use (usedAt), short-lived. */
export interface ConsoleSignInLinkTable {
  hash: string
  workspaceId: string
  consoleUserId: string
  createdAt: string
  expiresAt: string
  usedAt: string | null
}

/** A console session: the SHA-256 of its cookie; idle timeout from lastSeenAt, absolute from expiresAt. */
export interface ConsoleSessionTable {
  hash: string
  workspaceId: string
  consoleUserId: string
  createdAt: string
  lastSeenAt: string
  expiresAt: string
}

export interface Database {
  workspace: WorkspaceTable
  workspaceSetting: WorkspaceSettingTable
  apiKey: ApiKeyTable
  endUser: EndUserTable
  oauthClient: OAuthClientTable
  credential: CredentialTable
  connectToken: ConnectTokenTable
  agentToken: AgentTokenTable
  oauthFlow: OAuthFlowTable
  webhookEndpoint: WebhookEndpointTable
  event: EventTable
  webhookDelivery: WebhookDeliveryTable
  webhookAttempt: WebhookAttemptTable
  auditLog: AuditLogTable
  encryptionKey: EncryptionKeyTable
  idempotencyKey: IdempotencyKeyTable
  consoleUser: ConsoleUserTable
  consoleSignInLink: ConsoleSignInLinkTable
  consoleSession: ConsoleSessionTable
}
