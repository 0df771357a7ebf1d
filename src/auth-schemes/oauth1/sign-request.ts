// RFC 5849 §3.1: makes one request authenticated — protocol parameters, a fresh nonce and timestamp, the signature,
// all carried in the Authorization header (§3.5.1, the transmission method every provider accepts).
import { randomBytes } from 'node:crypto'
import {
  authorizationHeaderValue,
  sign,
  signatureBaseString,
  type Parameter,
  type SignableRequest,
  type SignatureMethod,
} from './signature.js'

/** Client credentials plus, once there are some, temporary or token credentials (RFC 5849 §1.1). */
export interface OAuth1Credentials {
  consumerKey: string
  consumerSecret: string
  /** Omitted (null) on the temporary credential request (§2.1). */
  token: string | null
  tokenSecret: string | null
}

export interface SignOptions {
  signatureMethod: SignatureMethod
  /** Sent in the header, never signed (§3.5.1); NetSuite wants its account id here. */
  realm?: string | null
  /** More protocol parameters: `oauth_callback` (§2.1), `oauth_verifier` (§2.3). */
  extra?: Readonly<Record<string, string>>
  /** Fixed only by tests replaying a published example. */
  nonce?: string
  /** Seconds since the epoch; fixed only by tests. */
  timestamp?: number
}

/** §3.3: unique per timestamp and credentials; 24 random bytes as 32 URL-safe characters (nothing to encode). */
export function generateNonce(): string {
  return randomBytes(24).toString('base64url')
}

/** The protocol parameters of one request, `oauth_signature` last. */
export function signedProtocolParameters(
  credentials: OAuth1Credentials,
  request: SignableRequest,
  options: SignOptions,
): Parameter[] {
  const parameters: Parameter[] = [
    ['oauth_consumer_key', credentials.consumerKey],
    ...(credentials.token !== null ? [['oauth_token', credentials.token] as const] : []),
    ['oauth_signature_method', options.signatureMethod],
    ['oauth_timestamp', String(options.timestamp ?? Math.floor(Date.now() / 1000))],
    ['oauth_nonce', options.nonce ?? generateNonce()],
    // Optional in §3.1, required by NetSuite and expected by X: always sent.
    ['oauth_version', '1.0'],
    ...Object.entries(options.extra ?? {}),
  ]
  const signature = sign(options.signatureMethod, signatureBaseString(request, parameters), {
    consumerSecret: credentials.consumerSecret,
    tokenSecret: credentials.tokenSecret ?? '',
  })
  return [...parameters, ['oauth_signature', signature]]
}

/** The `Authorization: OAuth …` header value that authenticates `request`. */
export function authorizationHeader(
  credentials: OAuth1Credentials,
  request: SignableRequest,
  options: SignOptions,
): string {
  return authorizationHeaderValue(
    signedProtocolParameters(credentials, request, options),
    options.realm ?? null,
  )
}
