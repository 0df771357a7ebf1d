import { resolveProvider, tokenRequest } from './server.js'
import { processTokenResponse } from './token-response.js'
import type { ProviderCall, TokenResult } from './types.js'

export interface RefreshInput extends ProviderCall {
  refreshToken: string
}

/**
 * RFC 6749 §6. `refreshToken: null` in the result means the provider kept the old one (no rotation);
 * `scope: null` means unchanged. `invalid_grant` arrives as OAuthResponseError: the grant is gone for good.
 */
export async function refreshAccessToken(input: RefreshInput): Promise<TokenResult> {
  const provider = resolveProvider(input)
  const response = await tokenRequest(provider, 'refresh_token', {
    refresh_token: input.refreshToken,
  })
  return processTokenResponse(input.recipe, response, (input.now ?? (() => new Date()))())
}
