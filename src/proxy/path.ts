import { AppError } from '../errors.js'

/**
 * The path a caller asked for after `/v1/proxy/{credentialId}/`, as sent (still percent-encoded), turned into what
 * is appended to the app's base URL. Whatever the spelling, the result stays under the base URL: dot segments
 * (plain, percent-encoded, double-encoded, or hidden behind an encoded slash), backslashes, empty segments, a
 * scheme, a fragment and control characters are refused; `@` is percent-encoded, so no parser can read what
 * precedes it as credentials of an authority. An encoded slash inside a segment stays encoded: GitLab's API names
 * projects as `group%2Fproject`.
 */
export function proxyPath(raw: string): string {
  if (raw === '') return ''
  if (/[\x00-\x20\x7f#\\]/.test(raw))
    refuse('contains a backslash, a space, a # or a control character')
  if (/%(?![0-9a-fA-F]{2})/.test(raw)) refuse('contains a malformed percent-encoding')
  // `scheme:/…` or a well-known scheme; a colon elsewhere is ordinary (Google's `…/{id}:batchGet`).
  if (
    /^[a-zA-Z][a-zA-Z0-9+.-]*:\//.test(raw) ||
    /^(https?|wss?|ftp|file|data|javascript|mailto):/i.test(raw)
  )
    refuse('is an absolute URL; send only the path')
  const segments = raw.split('/')
  for (const [i, segment] of segments.entries()) {
    // A trailing slash is meaningful to some APIs (Django REST framework); an empty segment elsewhere is not.
    if (segment === '' && i !== segments.length - 1) refuse('contains an empty segment (//)')
    const decoded = fullyDecoded(segment)
    if (/[\\\x00-\x1f\x7f]/.test(decoded))
      refuse('contains an encoded backslash or control character')
    if (decoded.split('/').some((part) => part === '.' || part === '..'))
      refuse('contains a . or .. segment')
  }
  return raw.replaceAll('@', '%40')
}

/** Decodes until nothing changes (at most a few rounds), so %252e%252e is judged as `..` too. */
function fullyDecoded(segment: string): string {
  let current = segment
  for (let round = 0; round < 4; round++) {
    let next: string
    try {
      next = decodeURIComponent(current)
    } catch {
      refuse('contains a malformed percent-encoding')
    }
    if (next === current) return current
    current = next
  }
  refuse('is encoded too many times')
}

function refuse(why: string): never {
  throw new AppError('invalid_proxy_path', `The proxied path ${why}.`)
}

/**
 * Joins a filled base URL and a checked path, keeping the caller's query string as sent, then proves the result
 * is on the base URL's origin and under its path (a second line behind proxyPath).
 */
export function joinTarget(base: URL, path: string, query: string): URL {
  const basePath = base.pathname.replace(/\/+$/, '')
  const target = new URL(`${base.origin}${basePath}/${path}${query ? `?${query}` : ''}`)
  if (
    target.origin !== base.origin ||
    target.username !== '' ||
    target.password !== '' ||
    !target.pathname.startsWith(`${basePath}/`)
  )
    refuse('leaves the API base URL')
  return target
}
