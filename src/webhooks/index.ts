// Webhooks: the outbox (events and their deliveries written with the change that caused them),
// signing, the delivery worker and the SSRF guard. Must not: decide credential state.
export { recordEvent, type NewEvent, type EventType } from './outbox.js'
