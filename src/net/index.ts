// Outbound HTTP: the one client every request Keyport sends on someone's behalf goes through (verification,
// scheduled checks, OAuth, webhooks, the proxy). It owns the address check on the connection itself, no redirects,
// time and size bounds, and redacting URLs for logs. Must not: know about credentials, apps or the database, or
// let any caller reach a socket that the guard has not approved.
export {
  createOutboundClient,
  type OutboundClient,
  type OutboundClientOptions,
  type OutboundRequestInit,
} from './client.js'
export { OutboundRefused, OutboundTooLarge, outboundRefusal } from './errors.js'
export {
  parseTrusted,
  normalizeHost,
  refuseAddress,
  refuseHostStatically,
  type TrustPolicy,
} from './policy.js'
export { isNonPublicAddress, embeddedIPv4, METADATA_NAMES } from './addresses.js'
export { redactURL } from './redact.js'
