// What the loader checks of an OAuth 1.0a recipe beyond its JSON schema: a token-based recipe declares the four
// values signing reads by name (the secrets as secret fields), and which strings are templates.
import type { AuthRecipe, OAuth1Recipe, OAuth1TokenRecipe } from './schema.js'
import { OAUTH1_TOKEN_FIELDS } from './schema-oauth1.js'
import type { AppField } from './types.js'

export type OAuth1AnyRecipe = OAuth1Recipe | OAuth1TokenRecipe

export function isOAuth1Recipe(auth: AuthRecipe): auth is OAuth1AnyRecipe {
  return auth.type === 'oauth1' || auth.type === 'oauth1_token'
}

/** The endpoint URLs of a three-legged recipe, by where they sit in the file. */
export function oauth1URLs(recipe: OAuth1AnyRecipe): [string, string][] {
  if (recipe.type !== 'oauth1') return []
  return [
    ['/auth/requestTokenURL', recipe.requestTokenURL],
    ['/auth/authorizationURL', recipe.authorizationURL],
    ['/auth/accessTokenURL', recipe.accessTokenURL],
  ]
}

/** The recipe's templated strings, which only typed values (connection fields) may fill. */
export function* oauth1Strings(recipe: OAuth1AnyRecipe): Generator<[string, string]> {
  yield* oauth1URLs(recipe)
  if (recipe.realm !== undefined) yield ['/auth/realm', recipe.realm]
  if (recipe.type !== 'oauth1') return
  for (const [k, v] of Object.entries(recipe.authorizationParams ?? {}))
    yield [`/auth/authorizationParams/${k}`, v]
}

/** A token-based recipe types its credentials in: the four values signing needs, the two secrets secret. */
export function checkOAuth1Fields(recipe: OAuth1AnyRecipe, fields: readonly AppField[]): void {
  if (recipe.type !== 'oauth1_token') return
  for (const name of OAUTH1_TOKEN_FIELDS) {
    const field = fields.find((f) => f.name === name)
    if (!field)
      throw new Error(`field /auth/fields: an oauth1_token recipe needs a field named "${name}"`)
    if (name.endsWith('Secret') && !field.secret)
      throw new Error(`field /auth/fields: "${name}" must be a secret field`)
  }
}
