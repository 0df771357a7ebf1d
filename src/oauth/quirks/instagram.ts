import type { Quirk } from './types.js'
import './hooks.js'
import { graphError, swapForLongLivedToken } from './token-get.js'

const EXCHANGE = 'https://graph.instagram.com/access_token'

/**
 * Instagram API with Instagram Login
 * (https://developers.facebook.com/docs/instagram-platform/instagram-api-with-instagram-login/business-login):
 * the code exchange at api.instagram.com answers `{data: [{access_token, user_id, permissions}]}` (older apps get
 * the object flat) with a 1-hour token and no refresh token; errors come as `{error_type, code, error_message}`.
 * Right after the exchange the token is swapped at graph.instagram.com/access_token (GET,
 * grant_type=ig_exchange_token, with the app secret) for a 60-day token, which replaces it with its own expiry.
 * Not done here: extending that token (GET graph.instagram.com/refresh_access_token, grant_type=ig_refresh_token
 * with the access token itself); the refresh path only knows refresh-token grants.
 */
export const instagram: Quirk = {
  normalizeTokenResponse(body, status) {
    if (typeof body.error_type === 'string') {
      return {
        body: {
          error: body.error_type,
          ...(typeof body.error_message === 'string'
            ? { error_description: body.error_message }
            : {}),
        },
        status: status === 200 ? 400 : status,
      }
    }
    if (body.error !== undefined) return graphError(body, status)
    const first: unknown = Array.isArray(body.data) ? body.data[0] : body
    if (first === null || typeof first !== 'object') return { body, status }
    const flat = { ...(first as Record<string, unknown>) }
    if (flat.scope === undefined && flat.permissions !== undefined) {
      flat.scope = Array.isArray(flat.permissions) ? flat.permissions.join(',') : flat.permissions
    }
    return { body: flat, status }
  },
  afterCodeExchange: (tokens, context) =>
    swapForLongLivedToken(tokens, context, EXCHANGE, {
      grant_type: 'ig_exchange_token',
      client_secret: context.client.clientSecret,
      access_token: tokens.accessToken,
    }),
}
