// Hooks beyond normalizeTokenResponse, for providers whose difference is in the request or after the exchange.
// Declared by module augmentation so the quirk modules could land without editing types.ts; the helpers below are
// what the flow calls (one line each): quirkAuthorizationURL, quirkFetch, quirkCallbackParams,
// quirkConnectionMetadata, quirkAfterCodeExchange, accessTokenExtension. Each is a no-op for a provider without
// the hook.
import { fillTemplate, type OAuth2Recipe } from '../../catalog/index.js'
import type { OAuthClientCredentials, ProviderCall, TokenResult } from '../types.js'
import { quirkOf } from './index.js'

export type MetadataValue = string | number | boolean

/** What a quirk's own requests may use (after the code exchange, or extending a token): client, endpoint, clock. */
export interface ExchangeContext {
  recipe: OAuth2Recipe
  client: OAuthClientCredentials
  connection: Readonly<Record<string, string>>
  /** The recipe's token URL with `{field}` placeholders filled (a follow-up request goes to the same host). */
  tokenEndpoint: string
  fetch: typeof fetch
  now: Date
}

/** A token or revocation request as sent: form body, headers, URL. A hook returns what to send instead. */
export interface QuirkRequest {
  kind: 'token' | 'revocation'
  url: string
  headers: Headers
  body: URLSearchParams
}

export interface PreparedRequest {
  url: string
  headers: Headers
  body: string
}

declare module './types.js' {
  interface Quirk {
    /** Rewrites the consent URL's query (TikTok names client_id `client_key`). */
    authorizationParams?(params: URLSearchParams): void
    /** Rewrites a token or revocation request (Square wants JSON, TikTok `client_key`). */
    prepareRequest?(request: QuirkRequest): PreparedRequest
    /** Callback query parameters the provider sends besides the code, kept as metadata (QuickBooks `realmId`). */
    callbackParams?: readonly string[]
    /**
     * After the code exchange: reads what API calls need besides the token, with the new access token (Atlassian
     * cloud id, Xero tenant id). Throws the oauth errors on failure; never puts the token in a message.
     */
    connectionMetadata?(
      tokens: TokenResult,
      context: { fetch: typeof fetch },
    ): Promise<Record<string, MetadataValue>>
    /**
     * Right after the code exchange, inside validateAuthorizationCode: returns the tokens to keep instead (Meta
     * and Instagram swap the short-lived token for a long-lived one; DocuSign adds its account to the metadata).
     * Throws the oauth errors on failure; never puts a token or the client secret in a message.
     */
    afterCodeExchange?(tokens: TokenResult, context: ExchangeContext): Promise<TokenResult>
    /**
     * Refresh without a refresh token: the provider extends the access token itself (Instagram ig_refresh_token).
     * refreshAccessToken calls it for a credential that has no refresh token. A provider answer meaning the token
     * is gone must arrive as OAuthResponseError `invalid_grant` (the credential expires); other oauth errors are
     * retried. Never puts the token in a message.
     */
    refreshAccessToken?(accessToken: string, context: ExchangeContext): Promise<TokenResult>
    /** With refreshAccessToken: the provider will not extend a token younger than this (Instagram: 24 hours). */
    refreshMinimumAgeSeconds?: number
  }
}

/** Applies the recipe's quirk to a consent URL built by createAuthorizationURL. */
export function quirkAuthorizationURL(name: string | undefined, url: URL): URL {
  quirkOf(name).authorizationParams?.(url.searchParams)
  return url
}

/**
 * Wraps the fetch given to oauth4webapi so a quirk can reshape token and revocation requests. Requests to other
 * URLs, and every request of a provider without the hook, pass through untouched.
 */
export function quirkFetch(
  name: string | undefined,
  fetchImpl: typeof fetch,
  endpoints: { token: string; revocation?: string },
): typeof fetch {
  const prepare = quirkOf(name).prepareRequest
  if (!prepare) return fetchImpl
  return (async (input: string | URL | Request, init?: RequestInit) => {
    const url = String(input instanceof Request ? input.url : input)
    const kind =
      url === endpoints.token ? 'token' : url === endpoints.revocation ? 'revocation' : null
    if (!kind || !(init?.body instanceof URLSearchParams)) return fetchImpl(input, init)
    const prepared = prepare({
      kind,
      url,
      headers: new Headers(init.headers),
      body: new URLSearchParams(init.body),
    })
    return fetchImpl(prepared.url, { ...init, headers: prepared.headers, body: prepared.body })
  }) as typeof fetch
}

/** Callback parameters to keep: the recipe's `callbackMetadata` plus the quirk's own. */
export function quirkCallbackParams(
  name: string | undefined,
  declared: readonly string[] = [],
): string[] {
  return [...new Set([...declared, ...(quirkOf(name).callbackParams ?? [])])]
}

/** Metadata a quirk reads after the exchange; {} for providers without the hook. */
export async function quirkConnectionMetadata(
  name: string | undefined,
  tokens: TokenResult,
  context: { fetch: typeof fetch },
): Promise<Record<string, MetadataValue>> {
  return (await quirkOf(name).connectionMetadata?.(tokens, context)) ?? {}
}

/** What a quirk's own request to the provider may use, from the call that needs it. */
export function exchangeContext(call: ProviderCall): ExchangeContext {
  const connection = call.connection ?? {}
  return {
    recipe: call.recipe,
    client: call.client,
    connection,
    tokenEndpoint: fillTemplate(call.recipe.tokenURL, connection, { encode: true }),
    fetch: call.fetch,
    now: (call.now ?? (() => new Date()))(),
  }
}

/** The quirk's follow-up to a code exchange; the tokens unchanged for providers without the hook. */
export async function quirkAfterCodeExchange(
  call: ProviderCall,
  tokens: TokenResult,
): Promise<TokenResult> {
  const hook = quirkOf(call.recipe.quirks).afterCodeExchange
  return hook ? hook(tokens, exchangeContext(call)) : tokens
}

/**
 * For a credential without a refresh token: whether the recipe's quirk can extend its access token, and from what
 * age on. Null when it cannot (the token then lives until it expires).
 */
export function accessTokenExtension(
  name: string | undefined,
): { minimumAgeSeconds: number } | null {
  const quirk = quirkOf(name)
  return quirk.refreshAccessToken
    ? { minimumAgeSeconds: quirk.refreshMinimumAgeSeconds ?? 0 }
    : null
}
