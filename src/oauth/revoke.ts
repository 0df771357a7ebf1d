import * as o from 'oauth4webapi'
import { OAuthResponseError, OAuthUnexpectedResponseError } from './errors.js'
import { resolveProvider } from './server.js'
import type { ProviderCall } from './types.js'

export interface RevokeInput extends ProviderCall {
  token: string
  tokenTypeHint?: 'access_token' | 'refresh_token'
}

/**
 * RFC 7009. Returns false when the recipe has no revocation endpoint (nothing was sent), true when the provider
 * accepted; throws the usual three errors otherwise. Revoking a refresh token usually ends the whole grant.
 */
export async function revokeToken(input: RevokeInput): Promise<boolean> {
  if (!input.recipe.revocationURL) return false
  const provider = resolveProvider(input)
  const response = await o.revocationRequest(
    provider.as,
    provider.client,
    provider.clientAuth,
    input.token,
    {
      ...provider.options,
      additionalParameters: input.tokenTypeHint ? { token_type_hint: input.tokenTypeHint } : {},
    },
  )
  if (response.status === 200 || response.status === 204) {
    await response.body?.cancel()
    return true
  }
  let body: unknown = null
  try {
    body = await response.json()
  } catch {
    // Not JSON: reported below as an unexpected response.
  }
  if (body && typeof body === 'object' && typeof (body as { error?: unknown }).error === 'string') {
    const { error, error_description: description } = body as {
      error: string
      error_description?: unknown
    }
    throw new OAuthResponseError(
      error,
      typeof description === 'string' ? description : null,
      response.status,
    )
  }
  throw new OAuthUnexpectedResponseError(
    'revocation endpoint did not accept the request',
    response.status,
  )
}
