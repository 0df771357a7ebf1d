import type { Quirk } from './types.js'
import './hooks.js'
import { getTokenResponse, graphError, swapForLongLivedToken } from './token-get.js'

const EXCHANGE = 'https://graph.instagram.com/access_token'
const REFRESH = 'https://graph.instagram.com/refresh_access_token'
/**
 * Graph API error code 190, "access token has expired, been revoked or is invalid: get a new access token"
 * (https://developers.facebook.com/docs/graph-api/guides/error-handling). RFC 6749 §5.2 calls that invalid_grant.
 */
const INVALID_TOKEN = 190

function graphCode(body: Record<string, unknown>): unknown {
  const error = body.error
  return error !== null && typeof error === 'object'
    ? (error as { code?: unknown }).code
    : undefined
}

/**
 * Instagram API with Instagram Login
 * (https://developers.facebook.com/docs/instagram-platform/instagram-api-with-instagram-login/business-login):
 * the code exchange at api.instagram.com answers `{data: [{access_token, user_id, permissions}]}` (older apps get
 * the object flat) with a 1-hour token and no refresh token; errors come as `{error_type, code, error_message}`.
 * Right after the exchange the token is swapped at graph.instagram.com/access_token (GET,
 * grant_type=ig_exchange_token, with the app secret) for a 60-day token, which replaces it with its own expiry.
 * There is never a refresh token. Instead the 60-day token is extended (refreshAccessToken): GET
 * graph.instagram.com/refresh_access_token?grant_type=ig_refresh_token&access_token=<the token>, allowed once the
 * token is at least 24 hours old and not yet expired; the answer is `{access_token, token_type, expires_in}`, a new
 * token valid 60 days from then
 * (https://developers.facebook.com/docs/instagram-platform/reference/refresh_access_token, and Meta's guide to
 * long-lived tokens: "Tokens that have not been refreshed in 60 days will expire"). The token travels in the query because Instagram requires it there;
 * getTokenResponse keeps it out of every message. Graph code 190 reads as invalid_grant, so a token Instagram
 * calls expired or invalid expires the credential; other Graph errors are retried.
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
    if (body.error !== undefined) {
      const graph = graphError(body, status)
      return graphCode(body) === INVALID_TOKEN && graph.status < 500
        ? { body: { ...graph.body, error: 'invalid_grant' }, status: graph.status }
        : graph
    }
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
  refreshAccessToken: (accessToken, context) =>
    getTokenResponse(context, REFRESH, {
      grant_type: 'ig_refresh_token',
      access_token: accessToken,
    }),
  refreshMinimumAgeSeconds: 86_400,
}
