// What the schemes that mint at an RFC 6749 token endpoint share: filling the request from the recipe, and telling
// a refused credential from a passing failure.
import { fillTemplate, type App, type MintedRecipe } from '../catalog/index.js'
import {
  OAuthResponseError,
  OAuthUnexpectedResponseError,
  requestTokenGrant,
  type TokenGrantInput,
} from '../oauth/index.js'
import { CredentialRejected } from './errors.js'
import type { MintedToken } from './types.js'

/** Bearer tokens go in the Authorization header unless the app's `api` says otherwise (RFC 6750 §2.1). */
export const BEARER = Object.freeze({ Authorization: 'Bearer {accessToken}' })

/**
 * RFC 6749 §5.2 errors that refuse the credential itself. Here the client id and secret (or the key signing the
 * assertion) are the user's credential, not the platform's OAuth client, so unlike an authorization-code refresh
 * invalid_client expires it. invalid_scope, invalid_request and the rest point at the recipe: they stay transient.
 */
const REFUSING = new Set(['invalid_client', 'unauthorized_client', 'invalid_grant'])

/** The recipe of the app, narrowed to the scheme's type (a registry mismatch is a programming error). */
export function recipeOf<T extends MintedRecipe['type']>(
  app: App,
  type: T,
): Extract<MintedRecipe, { type: T }> {
  if (app.minted?.type !== type) throw new Error(`${app.id} is not a ${type} app`)
  return app.minted as Extract<MintedRecipe, { type: T }>
}

/** Fills `{value}` placeholders; URL-encoded for URLs so a typed value cannot reshape them. */
export function fill(
  template: string,
  values: Readonly<Record<string, string>>,
  options: { encode: boolean } = { encode: false },
): string {
  return fillTemplate(template, values, options)
}

/** The recipe's scopes, filled and joined; empty scopes (an optional value left blank) are dropped. */
export function scopeString(
  recipe: { scopes: string[]; scopeSeparator?: string },
  values: Readonly<Record<string, string>>,
): string {
  return recipe.scopes
    .map((s) => fill(s, values))
    .filter((s) => s !== '')
    .join(recipe.scopeSeparator ?? ' ')
}

export function filledParams(
  params: Readonly<Record<string, string>> | undefined,
  values: Readonly<Record<string, string>>,
): Record<string, string> {
  return Object.fromEntries(Object.entries(params ?? {}).map(([k, v]) => [k, fill(v, values)]))
}

/** Sends the grant; a refusal of the credential becomes CredentialRejected, everything else is left as thrown. */
export async function mintAtTokenEndpoint(input: TokenGrantInput): Promise<MintedToken> {
  try {
    const tokens = await requestTokenGrant(input)
    return {
      values: { accessToken: tokens.accessToken, tokenType: tokens.tokenType },
      expiresAt: tokens.expiresAt,
      metadata: tokens.metadata,
    }
  } catch (error) {
    if (error instanceof OAuthResponseError && !error.transient && REFUSING.has(error.error))
      throw new CredentialRejected(error.error, { cause: error })
    // RFC 6749 §5.2 says invalid_client is 401; some providers send it without the JSON body.
    if (error instanceof OAuthUnexpectedResponseError && error.status === 401)
      throw new CredentialRejected('HTTP 401', { cause: error })
    throw error
  }
}
