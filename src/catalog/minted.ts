// What the loader checks of a minting recipe (client credentials, JWT bearer, GitHub App) beyond its JSON schema:
// the values its scheme reads by name exist, and which strings are templates.
import type { AppField } from './types.js'
import type { AuthRecipe, MintedRecipe } from './schema.js'
import { jsonStrings } from './json-strings.js'

/** Values each minting scheme reads by name: a field, or a member of the recipe's key file. */
const MINTED_VALUES: Record<MintedRecipe['type'], readonly string[]> = {
  client_credentials: ['clientId', 'clientSecret'],
  jwt_bearer: ['privateKey'],
  github_app: ['appId', 'privateKey', 'installationId'],
}

export function isMintedRecipe(auth: AuthRecipe): auth is MintedRecipe {
  return auth.type in MINTED_VALUES
}

/** The recipe's templated strings that only typed values may fill (the token request, the assertion). */
export function* mintedStrings(recipe: MintedRecipe): Generator<[string, string]> {
  yield ['/auth/tokenURL', recipe.tokenURL]
  if (recipe.type === 'github_app') {
    yield* jsonStrings(recipe.tokenBody, '/auth/tokenBody')
    return
  }
  for (const [i, scope] of recipe.scopes.entries()) yield [`/auth/scopes/${i}`, scope]
  for (const [k, v] of Object.entries(recipe.tokenParams ?? {})) yield [`/auth/tokenParams/${k}`, v]
  if (recipe.type !== 'jwt_bearer') return
  const { assertion } = recipe
  yield ['/auth/assertion/issuer', assertion.issuer]
  yield ['/auth/assertion/audience', assertion.audience]
  if (assertion.subject !== undefined) yield ['/auth/assertion/subject', assertion.subject]
  if (assertion.keyId !== undefined) yield ['/auth/assertion/keyId', assertion.keyId]
  for (const [k, v] of Object.entries(assertion.claims ?? {}))
    yield [`/auth/assertion/claims/${k}`, v]
}

/**
 * The values a minting recipe adds to its fields (the key file's members), after checking that every value its
 * scheme reads by name is there and that the key file is a secret field.
 */
export function mintedValueNames(recipe: MintedRecipe, fields: readonly AppField[]): string[] {
  const keyFile = recipe.type === 'jwt_bearer' ? recipe.keyFile : undefined
  const fromFile = Object.keys(keyFile?.values ?? {})
  if (keyFile) {
    const field = fields.find((f) => f.name === keyFile.field)
    if (!field?.secret || !field.multiline)
      throw new Error(
        `field /auth/keyFile/field: "${keyFile.field}" must name a secret, multiline field`,
      )
    const clash = fromFile.find((name) => fields.some((f) => f.name === name))
    if (clash) throw new Error(`field /auth/keyFile/values/${clash}: a field has that name`)
  }
  const available = new Set([...fields.map((f) => f.name), ...fromFile])
  for (const name of MINTED_VALUES[recipe.type])
    if (!available.has(name))
      throw new Error(
        `field /auth/fields: a ${recipe.type} recipe needs a value named "${name}" (a field${recipe.type === 'jwt_bearer' ? ' or a keyFile value' : ''})`,
      )
  const secretOnly = recipe.type === 'client_credentials' ? ['clientSecret'] : ['privateKey']
  for (const name of secretOnly) {
    const field = fields.find((f) => f.name === name)
    if (field && !field.secret)
      throw new Error(`field /auth/fields: "${name}" must be a secret field`)
  }
  return fromFile
}
