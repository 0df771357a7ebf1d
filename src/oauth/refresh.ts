import { exchangeContext } from './quirks/hooks.js'
import { quirkOf } from './quirks/index.js'
import { resolveProvider, tokenRequest } from './server.js'
import { processTokenResponse } from './token-response.js'
import type { ProviderCall, TokenResult } from './types.js'

/** What a refresh sends: a refresh token, or, with none, the access token the recipe's quirk extends (Instagram). */
export type RefreshGrant = { refreshToken: string } | { refreshToken: null; accessToken: string }

export type RefreshInput = ProviderCall & RefreshGrant

/**
 * RFC 6749 §6. `refreshToken: null` in the result means the provider kept the old one (no rotation);
 * `scope: null` means unchanged. `invalid_grant` arrives as OAuthResponseError: the grant is gone for good.
 * Without a refresh token, the quirk's refreshAccessToken extends the access token (see accessTokenExtension).
 */
export async function refreshAccessToken(input: RefreshInput): Promise<TokenResult> {
  if (input.refreshToken === null) {
    const extend = quirkOf(input.recipe.quirks).refreshAccessToken
    if (!extend) throw new Error('this provider cannot refresh without a refresh token')
    return extend(input.accessToken, exchangeContext(input))
  }
  const provider = resolveProvider(input)
  const response = await tokenRequest(provider, 'refresh_token', {
    refresh_token: input.refreshToken,
  })
  return processTokenResponse(input.recipe, response, (input.now ?? (() => new Date()))())
}
