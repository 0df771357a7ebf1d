import { OAuthNetworkError, OAuthResponseError } from '../errors.js'
import { processTokenResponse } from '../token-response.js'
import type { TokenResult } from '../types.js'
import type { ExchangeContext } from './hooks.js'

/**
 * GETs a provider's token-exchange URL (Meta `fb_exchange_token`, Instagram `ig_exchange_token` and
 * `ig_refresh_token`) and reads the answer like a token response, through the recipe's own normalizeTokenResponse.
 * The provider wants the secrets in the query, so no message here ever names the URL beyond its host, and an error
 * description that echoes a query value (Graph's "Malformed access token <token>") has it cut out.
 */
export async function getTokenResponse(
  context: Pick<ExchangeContext, 'recipe' | 'fetch' | 'now'>,
  endpoint: string,
  params: Record<string, string>,
): Promise<TokenResult> {
  const url = new URL(endpoint)
  url.search = new URLSearchParams(params).toString()
  let response: Response
  try {
    response = await context.fetch(url, {
      headers: { accept: 'application/json' },
      redirect: 'manual',
      signal: AbortSignal.timeout(15_000),
    })
  } catch (cause) {
    // The logger prints a cause's message and stack; one that quotes the URL is left out.
    throw new OAuthNetworkError(
      `could not reach ${url.host}`,
      quotesQuery(cause, url) ? {} : { cause },
    )
  }
  try {
    return await processTokenResponse(context.recipe, response, context.now)
  } catch (error) {
    throw withoutQueryValues(error, url)
  }
}

/** The query's values worth hiding: every one but the grant type (short values are ids, not secrets). */
function queryValues(url: URL): [string, string][] {
  return [...url.searchParams].filter(([name, value]) => name !== 'grant_type' && value.length >= 8)
}

function quotesQuery(error: unknown, url: URL): boolean {
  const values = queryValues(url).map(([, value]) => value)
  for (let e = error, depth = 0; e != null && depth < 5; depth++) {
    const text = e instanceof Error ? `${e.message}\n${e.stack ?? ''}` : String(e)
    if (values.some((value) => text.includes(value))) return true
    e = e instanceof Error ? e.cause : null
  }
  return false
}

function withoutQueryValues(error: unknown, url: URL): unknown {
  if (!(error instanceof OAuthResponseError) || error.description === null) return error
  let description = error.description
  for (const [name, value] of queryValues(url))
    description = description.replaceAll(value, `[${name}]`)
  return description === error.description
    ? error
    : new OAuthResponseError(error.error, description, error.status)
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
  const long = await getTokenResponse(context, endpoint, params)
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
