// @keyport/client: a typed client for Keyport's Credentials API, and webhook verification.
export { Keyport, type KeyportOptions, type CreateOptions } from './client.js'
export { KeyportError } from './errors.js'
export { PagedList, type Page } from './pages.js'
export { verifyWebhook, type WebhookEvent, type VerifyOptions } from './webhooks.js'
export type {
  App,
  AppSummary,
  AuditEntry,
  Credential,
  CredentialSecret,
  Delivery,
  Event,
  User,
  Webhook,
  WebhookWithSecret,
} from './types.js'
export type { paths, components, webhooks } from './openapi.js'
