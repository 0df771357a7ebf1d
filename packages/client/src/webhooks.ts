// Standard Webhooks verification (https://www.standardwebhooks.com): Keyport signs `id.timestamp.body` with
// HMAC-SHA256 under the endpoint's `whsec_…` secret, sends one or more `v1,<base64>` signatures (two while a rotated
// secret overlaps), and the receiver refuses a timestamp outside its tolerance so a captured delivery cannot be
// replayed later.
import { createHmac, timingSafeEqual } from 'node:crypto'
import type { webhooks } from './openapi.js'
import { KeyportError } from './errors.js'

type Payload<Name extends keyof webhooks> = webhooks[Name] extends {
  post: { requestBody?: { content: { 'application/json': infer Body } } }
}
  ? Body
  : never

/** A delivered event, typed by its `type`. */
export type WebhookEvent = { [Name in keyof webhooks]: Payload<Name> }[keyof webhooks]

export interface VerifyOptions {
  /** Seconds a delivery's timestamp may differ from this clock; default 300. */
  toleranceSeconds?: number
  /** The clock, in milliseconds (tests). */
  now?: () => number
}

type Headers = Record<string, string | string[] | undefined> | globalThis.Headers

/**
 * Checks a delivery's signature and age, then returns its parsed, typed event. `body` must be the raw request body
 * exactly as received (a string or bytes), not a re-serialised object. Throws a KeyportError
 * (`invalid_webhook_signature`) otherwise.
 */
export function verifyWebhook(
  body: string | Uint8Array,
  headers: Headers,
  secret: string,
  options: VerifyOptions = {},
): WebhookEvent {
  const id = header(headers, 'webhook-id')
  const timestamp = header(headers, 'webhook-timestamp')
  const signatures = header(headers, 'webhook-signature')
  if (!id || !timestamp || !signatures) throw refused('the webhook-* headers are missing')
  if (!/^\d{1,12}$/.test(timestamp)) throw refused('webhook-timestamp is not a number of seconds')
  const now = Math.floor((options.now?.() ?? Date.now()) / 1000)
  if (Math.abs(now - Number(timestamp)) > (options.toleranceSeconds ?? 300))
    throw refused('the delivery is too old or too far in the future')
  const text = typeof body === 'string' ? body : Buffer.from(body).toString('utf8')
  const expected = createHmac('sha256', secretKey(secret))
    .update(`${id}.${timestamp}.${text}`)
    .digest()
  const matches = signatures.split(' ').some((entry) => {
    const [version, signature] = entry.split(',', 2)
    if (version !== 'v1' || !signature) return false
    const given = Buffer.from(signature, 'base64')
    return given.length === expected.length && timingSafeEqual(given, expected)
  })
  if (!matches) throw refused('no signature matches this secret')
  return JSON.parse(text) as WebhookEvent
}

function secretKey(secret: string): Buffer {
  const encoded = secret.startsWith('whsec_') ? secret.slice('whsec_'.length) : secret
  const key = Buffer.from(encoded, 'base64')
  if (key.length === 0) throw new TypeError('the webhook secret is empty or not base64')
  return key
}

function header(headers: Headers, name: string): string | undefined {
  if (typeof (headers as globalThis.Headers).get === 'function')
    return (headers as globalThis.Headers).get(name) ?? undefined
  const value = (headers as Record<string, string | string[] | undefined>)[name]
  return Array.isArray(value) ? value.join(' ') : value
}

function refused(why: string): KeyportError {
  return new KeyportError(400, 'invalid_webhook_signature', `Webhook refused: ${why}.`, null)
}
