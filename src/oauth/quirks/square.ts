import type { Quirk } from './types.js'
import './hooks.js'

/**
 * Square (https://developer.squareup.com/reference/square/oauth-api/obtain-token):
 * - ObtainToken and RevokeToken take JSON bodies, not form bodies;
 * - the token response gives `expires_at` (ISO 8601) instead of `expires_in`;
 * - errors come as `{"errors":[{"code","detail","category"}]}` or the older `{"message","type"}`.
 */
export const square: Quirk = {
  prepareRequest(request) {
    const headers = new Headers(request.headers)
    headers.set('content-type', 'application/json')
    headers.set('accept', 'application/json')
    return { url: request.url, headers, body: JSON.stringify(Object.fromEntries(request.body)) }
  },
  normalizeTokenResponse(body, status) {
    const errors = Array.isArray(body.errors) ? (body.errors as Record<string, unknown>[]) : null
    if (errors && errors.length > 0) {
      const first = errors[0] ?? {}
      const code = typeof first.code === 'string' ? first.code.toLowerCase() : 'square_error'
      const detail = typeof first.detail === 'string' ? first.detail : null
      return {
        body: { error: code, error_description: detail },
        status: status === 200 ? 400 : status,
      }
    }
    if (
      typeof body.type === 'string' &&
      typeof body.message === 'string' &&
      body.access_token === undefined
    ) {
      return {
        body: { error: body.type, error_description: body.message },
        status: status === 200 ? 400 : status,
      }
    }
    if (body.expires_in === undefined && typeof body.expires_at === 'string') {
      const seconds = Math.floor((Date.parse(body.expires_at) - Date.now()) / 1000)
      if (Number.isFinite(seconds) && seconds > 0)
        return { body: { ...body, expires_in: seconds }, status }
    }
    return { body, status }
  },
}
