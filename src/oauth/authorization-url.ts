import * as o from 'oauth4webapi'
import { fillTemplate, type OAuth2Recipe } from '../catalog/index.js'
import { quirkAuthorizationURL } from './quirks/hooks.js'
import { endpoint } from './server.js'

export interface AuthorizationURLInput {
  recipe: OAuth2Recipe
  clientId: string
  redirectURI: string
  state: string
  /** null when the recipe declares PKCE unsupported. */
  codeVerifier: string | null
  /** The workspace's scopes when it set some on its OAuth client; the recipe's defaults otherwise. */
  scopes?: readonly string[]
  connection?: Readonly<Record<string, string>>
}

/** RFC 7636: a verifier for every provider that accepts one ("required" or "supported"). */
export function usesPKCE(recipe: OAuth2Recipe): boolean {
  return recipe.pkce !== 'unsupported'
}

/** 256 bits, base64url: `state` and PKCE verifiers (RFC 9700 §2.1, §4.7). */
export function generateState(): string {
  return o.generateRandomState()
}

export function generateCodeVerifier(): string {
  return o.generateRandomCodeVerifier()
}

/** The provider's consent URL: response_type=code, client, redirect URI, scopes, state, S256 challenge. */
export async function createAuthorizationURL(input: AuthorizationURLInput): Promise<URL> {
  const { recipe, connection = {} } = input
  const url = new URL(endpoint(recipe.authorizationURL, connection))
  const params = url.searchParams
  for (const [name, value] of Object.entries(recipe.authorizationParams ?? {})) {
    params.set(name, fillTemplate(value, connection, { encode: false }))
  }
  params.set('response_type', 'code')
  params.set('client_id', input.clientId)
  params.set('redirect_uri', input.redirectURI)
  const scopes = input.scopes ?? recipe.scopes
  // Scopes may name connection fields (Dynamics 365 `https://{orgHost}/user_impersonation`).
  const filled = scopes.map((scope) => fillTemplate(scope, connection, { encode: false }))
  if (filled.length > 0) params.set('scope', filled.join(recipe.scopeSeparator ?? ' '))
  params.set('state', input.state)
  if (input.codeVerifier !== null) {
    params.set('code_challenge', await o.calculatePKCECodeChallenge(input.codeVerifier))
    params.set('code_challenge_method', 'S256')
  }
  // TikTok names client_id `client_key`, and the like.
  return quirkAuthorizationURL(recipe.quirks, url)
}
