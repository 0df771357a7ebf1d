// Webhooks: the outbox (events and their deliveries written with the change that caused them), endpoint
// management, Standard Webhooks signing, delivery of claimed deliveries, and the URL check at registration.
// Must not: decide credential state, or send other than through the webhooks' outbound client (src/net).
export { EVENT_TYPES, recordEvent, type NewEvent, type EventType } from './outbox.js'
export { newWebhookSecret, signWebhook, signedHeaders, type SignedHeaders } from './signing.js'
export { parseAllowList, refuseWebhookURL, type AllowList } from './ssrf.js'
export {
  RETRY_DELAYS_MS,
  MAX_ATTEMPTS,
  DISABLE_AFTER_MS,
  retryDelay,
  parseRetryAfter,
} from './retry.js'
export { postWebhook, type SendResult } from './send.js'
export {
  claimDeliveries,
  deliverOne,
  loadDeliveryParts,
  eventBody,
  signingSecrets,
  type DeliveryContext,
} from './deliver.js'
export {
  createEndpoint,
  listEndpoints,
  getEndpoint,
  updateEndpoint,
  removeEndpoint,
  rotateEndpointSecret,
  sendTestEvent,
  listEndpointDeliveries,
  retryDelivery,
  listEventFeed,
  type WebhookView,
  type DeliveryView,
  type EventView,
  type WebhookDeps,
} from './endpoints.js'
