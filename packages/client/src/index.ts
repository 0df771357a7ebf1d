// @keyport/client: a typed client for Keyport's Credentials API, and webhook verification.
export { Keyport, type KeyportOptions, type CreateOptions } from './client.js'
export { KeyportError } from './errors.js'
export { PagedList, type Page } from './pages.js'
export { verifyWebhook, type WebhookEvent, type VerifyOptions } from './webhooks.js'
export type {
  AgentToken,
  App,
  AppSummary,
  AuditEntry,
  Credential,
  CredentialCheck,
  CredentialSecret,
  Delivery,
  Event,
  OAuthClient,
  Settings,
  User,
  Webhook,
  WebhookWithSecret,
  WorkspaceSummary,
} from './types.js'
export type { paths, components, webhooks } from './openapi.js'
