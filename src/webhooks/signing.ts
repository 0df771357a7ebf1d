import { createHmac, randomBytes } from 'node:crypto'

const PREFIX = 'whsec_'

/**
 * A Standard Webhooks secret: `whsec_` + base64 (standard alphabet, not base64url) of 32 random bytes, the form
 * the `standardwebhooks` libraries decode.
 */
export function newWebhookSecret(): string {
  return PREFIX + randomBytes(32).toString('base64')
}

/** `v1,<base64 HMAC-SHA256(id.timestamp.body)>` — Standard Webhooks "Signature scheme" (symmetric). */
export function signWebhook(
  secret: string,
  id: string,
  timestampSeconds: number,
  body: string,
): string {
  const key = Buffer.from(
    secret.startsWith(PREFIX) ? secret.slice(PREFIX.length) : secret,
    'base64',
  )
  return (
    'v1,' + createHmac('sha256', key).update(`${id}.${timestampSeconds}.${body}`).digest('base64')
  )
}

export interface SignedHeaders {
  'webhook-id': string
  'webhook-timestamp': string
  'webhook-signature': string
}

/**
 * The three Standard Webhooks headers. During a secret rotation both the new and the previous secret sign,
 * space-separated, so a receiver still holding the old secret keeps verifying.
 */
export function signedHeaders(
  secrets: readonly string[],
  id: string,
  timestampSeconds: number,
  body: string,
): SignedHeaders {
  return {
    'webhook-id': id,
    'webhook-timestamp': String(timestampSeconds),
    'webhook-signature': secrets.map((s) => signWebhook(s, id, timestampSeconds, body)).join(' '),
  }
}
