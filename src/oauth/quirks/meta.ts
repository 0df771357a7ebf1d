import type { Quirk } from './types.js'
import './hooks.js'
import { graphError, swapForLongLivedToken } from './token-get.js'

/**
 * Meta / Facebook Login (https://developers.facebook.com/docs/facebook-login/guides/access-tokens/get-long-lived):
 * the code yields a short-lived user token (1-2 hours) and no refresh token. Right after the exchange it is swapped
 * at the same Graph token endpoint (GET, grant_type=fb_exchange_token, with the app secret) for a long-lived token
 * of about 60 days, which replaces it with its own expiry; after that the user must log in again. Graph errors
 * (`{error: {type, message}}`) are read as OAuth errors.
 */
export const meta: Quirk = {
  normalizeTokenResponse: graphError,
  afterCodeExchange: (tokens, context) =>
    swapForLongLivedToken(tokens, context, context.tokenEndpoint, {
      grant_type: 'fb_exchange_token',
      client_id: context.client.clientId,
      client_secret: context.client.clientSecret,
      fb_exchange_token: tokens.accessToken,
    }),
}
