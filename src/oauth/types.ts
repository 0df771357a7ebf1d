import type { OAuth2Recipe } from '../catalog/index.js'

/** A workspace's own client at the provider (each platform brings its own). */
export interface OAuthClientCredentials {
  clientId: string
  clientSecret: string
}

/**
 * Tokens from a token endpoint, in Keyport's words. On refresh, `refreshToken: null` means "keep the old one"
 * (the provider did not rotate it) and `scope: null` means "unchanged".
 */
export interface TokenResult {
  accessToken: string
  tokenType: string
  refreshToken: string | null
  /** ISO 8601; from `expires_in`, else the recipe's documented lifetime, else null (no known expiry). */
  expiresAt: string | null
  scope: string | null
  idToken: string | null
  /** Non-secret token-response fields the recipe lists in `tokenResponseMetadata`, by their dotted path. */
  metadata: Record<string, string | number | boolean>
}

/** What every call to a provider needs besides its own arguments. */
export interface ProviderCall {
  recipe: OAuth2Recipe
  client: OAuthClientCredentials
  /** Connection fields typed before the redirect, filling `{field}` placeholders (Shopify `{shop}`). */
  connection?: Readonly<Record<string, string>>
  /** The providers' guarded client (deps.fetch). Required: a default would be the unguarded global fetch. */
  fetch: typeof fetch
  now?: () => Date
}
