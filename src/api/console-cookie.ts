// The console session's cookie and the checks a cookie-authenticated request passes: the cookie is sent by the
// browser on its own, so an unsafe request must also prove it comes from the console page (same origin, and the
// session's CSRF token in a header that another site cannot set without a CORS preflight Keyport never allows).
import { timingSafeEqual } from 'node:crypto'
import type { FastifyReply, FastifyRequest } from 'fastify'
import { AppError } from '../errors.js'

export const SESSION_COOKIE = 'keyport_console'
export const CSRF_HEADER = 'x-csrf-token'

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])

/** The session cookie's value, or null. Only a well-formed `keyport_console=` pair counts; others are ignored. */
export function readSessionCookie(header: string | undefined): string | null {
  if (!header) return null
  for (const pair of header.split(';')) {
    const eq = pair.indexOf('=')
    if (eq === -1) continue
    if (pair.slice(0, eq).trim() !== SESSION_COOKIE) continue
    const value = pair.slice(eq + 1).trim()
    return value === '' ? null : value
  }
  return null
}

/**
 * Sets (or, with null, clears) the session cookie: HttpOnly (no script reads it), SameSite=Strict (no other site's
 * page sends it), Secure when the public URL is https, Path=/ (the console and /v1). A session cookie (no
 * Max-Age): the server ends sessions, the browser drops the cookie when it closes.
 */
export function setSessionCookie(
  reply: FastifyReply,
  publicURL: string,
  value: string | null,
): void {
  const attributes = ['Path=/', 'HttpOnly', 'SameSite=Strict']
  if (publicURL.startsWith('https:')) attributes.push('Secure')
  if (value === null) attributes.push('Max-Age=0', 'Expires=Thu, 01 Jan 1970 00:00:00 GMT')
  reply.header('set-cookie', [`${SESSION_COOKIE}=${value ?? ''}`, ...attributes].join('; '))
}

/**
 * The request comes from a page of Keyport's own origin: its Origin header is KEYPORT_PUBLIC_URL's origin, or,
 * without one, the browser says Sec-Fetch-Site: same-origin. A request with neither is refused: every browser
 * that supports SameSite=Strict sends one of them on an unsafe request.
 */
export function isSameOrigin(request: FastifyRequest, publicURL: string): boolean {
  const origin = request.headers.origin
  if (origin !== undefined) return origin === new URL(publicURL).origin
  return request.headers['sec-fetch-site'] === 'same-origin'
}

/** Refuses (403 csrf_failed) an unsafe request without the same origin and the session's CSRF token. */
export function requireConsoleCSRF(
  request: FastifyRequest,
  publicURL: string,
  csrfToken: string,
): void {
  if (SAFE_METHODS.has(request.method)) return
  const sent = request.headers[CSRF_HEADER]
  if (
    !isSameOrigin(request, publicURL) ||
    typeof sent !== 'string' ||
    !tokensEqual(sent, csrfToken)
  )
    throw new AppError(
      'csrf_failed',
      'This request needs the console page’s origin and its X-CSRF-Token header.',
    )
}

function tokensEqual(a: string, b: string): boolean {
  const left = Buffer.from(a)
  const right = Buffer.from(b)
  return left.length === right.length && timingSafeEqual(left, right)
}
