// RFC 5849 §3.4: the signature base string and the four signature methods Keyport signs with. Pure functions of
// their arguments (nonce and timestamp are arguments too), so the RFC's and X's published examples are tests.
import { createHmac, createSign } from 'node:crypto'

export const SIGNATURE_METHODS = ['HMAC-SHA1', 'HMAC-SHA256', 'PLAINTEXT', 'RSA-SHA1'] as const
/** HMAC-SHA256 is not in RFC 5849 but is its HMAC-SHA1 with SHA-256 (NetSuite TBA requires it). */
export type SignatureMethod = (typeof SIGNATURE_METHODS)[number]

/** RFC 5849 §3.6: UTF-8, then every octet outside ALPHA / DIGIT / "-" / "." / "_" / "~" as %XX (upper case). */
export function percentEncode(value: string): string {
  // encodeURIComponent leaves !'()* alone; §3.6 reserves them.
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  )
}

const DEFAULT_PORTS: Record<string, string> = { 'http:': '80', 'https:': '443' }

/**
 * RFC 5849 §3.4.1.2: scheme and host lower case, the port only when it is not the scheme's default, the path as
 * sent (still percent-encoded), no query or fragment.
 */
export function baseStringURI(url: URL): string {
  const scheme = url.protocol.toLowerCase()
  const port = url.port !== '' && url.port !== DEFAULT_PORTS[scheme] ? `:${url.port}` : ''
  return `${scheme}//${url.hostname.toLowerCase()}${port}${url.pathname || '/'}`
}

export type Parameter = readonly [name: string, value: string]

/** `application/x-www-form-urlencoded` decoding (W3C HTML 4.01 §17.13.4: `+` is a space), as §3.4.1.3.1 asks. */
export function formPairs(text: string): Parameter[] {
  return [...new URLSearchParams(text)]
}

/**
 * RFC 5849 §3.4.1.3.2: every name and value encoded, sorted by name then value (byte order: encoded strings are
 * ASCII), joined as `name=value` with `&`.
 */
export function normalizeParameters(parameters: readonly Parameter[]): string {
  return parameters
    .map(([name, value]) => [percentEncode(name), percentEncode(value)] as const)
    .sort(([an, av], [bn, bv]) => (an < bn ? -1 : an > bn ? 1 : av < bv ? -1 : av > bv ? 1 : 0))
    .map(([name, value]) => `${name}=${value}`)
    .join('&')
}

export interface SignableRequest {
  method: string
  url: URL
  /** The body, when and only when it is `application/x-www-form-urlencoded` (§3.4.1.3.1); else null. */
  formBody: string | null
}

/**
 * RFC 5849 §3.4.1.1: METHOD & encoded base string URI & encoded normalized parameters, the parameters drawn from
 * the query, the form body and the protocol parameters (`oauth_signature` and `realm` are never among them).
 */
export function signatureBaseString(
  request: SignableRequest,
  protocolParameters: readonly Parameter[],
): string {
  const parameters = [
    ...formPairs(request.url.search.slice(1)),
    ...(request.formBody !== null ? formPairs(request.formBody) : []),
    ...protocolParameters.filter(([name]) => name !== 'oauth_signature' && name !== 'realm'),
  ]
  return [
    percentEncode(request.method.toUpperCase()),
    percentEncode(baseStringURI(request.url)),
    percentEncode(normalizeParameters(parameters)),
  ].join('&')
}

export interface SigningSecrets {
  /** The client shared-secret; for RSA-SHA1, the client's PEM-encoded RSA private key. */
  consumerSecret: string
  /** The token shared-secret; '' before there is one (§2.1 temporary credential request). */
  tokenSecret: string
}

/** RFC 5849 §3.4.2–§3.4.4: the `oauth_signature` value for a base string. */
export function sign(method: SignatureMethod, baseString: string, secrets: SigningSecrets): string {
  // §3.4.2: the key is both secrets encoded and joined by "&", even when the token secret is empty.
  const key = `${percentEncode(secrets.consumerSecret)}&${percentEncode(secrets.tokenSecret)}`
  switch (method) {
    case 'HMAC-SHA1':
      return createHmac('sha1', key).update(baseString).digest('base64')
    case 'HMAC-SHA256':
      return createHmac('sha256', key).update(baseString).digest('base64')
    case 'PLAINTEXT':
      // §3.4.4: the key itself, with no base string (only ever sent over TLS).
      return key
    case 'RSA-SHA1':
      // §3.4.3: RSASSA-PKCS1-v1_5 with SHA-1 under the client's private key; the token secret plays no part.
      return createSign('RSA-SHA1').update(baseString).sign(secrets.consumerSecret, 'base64')
  }
}

/** RFC 5849 §3.5.1: `OAuth realm="…", name="value", …`, names and values percent-encoded. */
export function authorizationHeaderValue(
  protocolParameters: readonly Parameter[],
  realm: string | null,
): string {
  const parts = [
    ...(realm !== null ? [`realm="${percentEncode(realm)}"`] : []),
    ...protocolParameters.map(
      ([name, value]) => `${percentEncode(name)}="${percentEncode(value)}"`,
    ),
  ]
  return `OAuth ${parts.join(', ')}`
}
