import { OAuthNetworkError } from '../errors.js'
import { processTokenResponse } from '../token-response.js'
import type { TokenResult } from '../types.js'
import type { ExchangeContext } from './hooks.js'

/**
 * GETs a provider's token-exchange URL (Meta `fb_exchange_token`, Instagram `ig_exchange_token`) and reads the
 * answer like a token response, through the recipe's own normalizeTokenResponse. The provider wants the secrets
 * in the query, so no message here ever names the URL beyond its host.
 */
export async function getTokenResponse(
  context: Pick<ExchangeContext, 'recipe' | 'fetch' | 'now'>,
  url: URL,
): Promise<TokenResult> {
  let response: Response
  try {
    response = await context.fetch(url, {
      headers: { accept: 'application/json' },
      redirect: 'manual',
      signal: AbortSignal.timeout(15_000),
    })
  } catch (cause) {
    throw new OAuthNetworkError(`could not reach ${url.host}`, { cause })
  }
  return processTokenResponse(context.recipe, response, context.now)
}

/**
 * Swaps the token the code exchange gave for a long-lived one (Meta, Instagram): GETs `endpoint` with `params`,
 * and the answer's token, type and expiry replace the short-lived ones; metadata from both is kept.
 */
export async function swapForLongLivedToken(
  tokens: TokenResult,
  context: Pick<ExchangeContext, 'recipe' | 'fetch' | 'now'>,
  endpoint: string,
  params: Record<string, string>,
): Promise<TokenResult> {
  const url = new URL(endpoint)
  url.search = new URLSearchParams(params).toString()
  const long = await getTokenResponse(context, url)
  return {
    ...tokens,
    accessToken: long.accessToken,
    tokenType: long.tokenType,
    expiresAt: long.expiresAt,
    metadata: { ...tokens.metadata, ...long.metadata },
  }
}

/** Graph API errors (`{error: {type, message, code}}`) as RFC 6749 §5.2 fields, for normalizeTokenResponse. */
export function graphError(
  body: Record<string, unknown>,
  status: number,
): { body: Record<string, unknown>; status: number } {
  const error = body.error
  if (error === null || typeof error !== 'object' || Array.isArray(error)) return { body, status }
  const { type, message } = error as Record<string, unknown>
  return {
    body: {
      error: typeof type === 'string' && type !== '' ? type : 'graph_error',
      ...(typeof message === 'string' ? { error_description: message } : {}),
    },
    status: status === 200 ? 400 : status,
  }
}
