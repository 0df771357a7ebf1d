import type { IncomingHttpHeaders } from 'node:http'

/** RFC 9110 §7.6.1 connection-specific fields, plus the ones HTTP/1.1 proxies conventionally drop. */
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
])

/**
 * Never forwarded to the provider: hop-by-hop fields, the caller's own credentials for Keyport (Authorization,
 * Cookie), `Host` (Keyport names the provider's), `Expect` (the body is streamed anyway), forwarding fields (Keyport
 * is the provider's client, not a transparent proxy) and `Keyport-*` (instructions to Keyport itself).
 */
const DROPPED_REQUEST = new Set([
  ...HOP_BY_HOP,
  'host',
  'authorization',
  'cookie',
  'expect',
  'forwarded',
  'x-real-ip',
])
const DROPPED_REQUEST_PREFIXES = ['proxy-', 'keyport-', 'x-forwarded-', ':']

/** Never passed back: hop-by-hop fields, cookies (they would be set on Keyport's origin) and Alt-Svc (ditto). */
const DROPPED_RESPONSE = new Set([...HOP_BY_HOP, 'set-cookie', 'set-cookie2', 'alt-svc'])

export type HeaderList = Record<string, string | string[]>

/** Fields the connection header names are hop-by-hop too (RFC 9110 §7.6.1); null when there is no such header. */
function namedByConnection(value: string | string[] | undefined): Set<string> | null {
  if (value === undefined) return null
  const text = Array.isArray(value) ? value.join(',') : value
  return new Set(
    text
      .split(',')
      .map((s) => s.trim().toLowerCase())
      .filter(Boolean),
  )
}

function droppedRequestField(name: string, alsoHop: Set<string> | null): boolean {
  return (
    DROPPED_REQUEST.has(name) ||
    alsoHop?.has(name) === true ||
    DROPPED_REQUEST_PREFIXES.some((prefix) => name.startsWith(prefix))
  )
}

/**
 * The headers sent to the provider: the caller's that Keyport sends on, then `injected` (lower-case names), which
 * replace any the caller sent under those names, so the caller can never override what Keyport injects.
 */
export function forwardedRequestHeaders(
  headers: IncomingHttpHeaders,
  injected: Readonly<Record<string, string>>,
): HeaderList {
  const alsoHop = namedByConnection(headers.connection)
  const out: HeaderList = {}
  for (const name of Object.keys(headers)) {
    const value = headers[name]
    if (value === undefined || Object.hasOwn(injected, name)) continue
    if (droppedRequestField(name, alsoHop)) continue
    out[name] = value
  }
  for (const name of Object.keys(injected)) out[name] = injected[name]!
  return out
}

/** The provider's headers Keyport passes back (before adding Keyport-Proxied). */
export function returnedResponseHeaders(headers: IncomingHttpHeaders): HeaderList {
  const alsoHop = namedByConnection(headers.connection)
  const out: HeaderList = {}
  for (const name of Object.keys(headers)) {
    const value = headers[name]
    if (value === undefined || DROPPED_RESPONSE.has(name) || alsoHop?.has(name)) continue
    // Keyport's own fields are Keyport's: a provider cannot pretend to be Keyport (or to be proxied twice).
    if (name.startsWith('keyport-') || name === 'x-request-id') continue
    out[name] = value
  }
  return out
}
