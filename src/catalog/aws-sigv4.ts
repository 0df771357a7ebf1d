// What the loader checks of an aws_sigv4 recipe beyond its JSON schema: the fields the signer reads by name exist
// (the secret ones secret), a role comes with somewhere to assume it, and which strings are templates.
import type { AwsSigV4Recipe } from './schema.js'
import type { AppField } from './types.js'

export function checkAwsSigV4Recipe(recipe: AwsSigV4Recipe, fields: readonly AppField[]): void {
  const field = (name: string) => fields.find((f) => f.name === name)
  if (!field('accessKeyId'))
    throw new Error('field /auth/fields: an aws_sigv4 recipe needs a field named "accessKeyId"')
  for (const name of ['secretAccessKey', 'sessionToken']) {
    const found = field(name)
    if (name === 'secretAccessKey' && !found)
      throw new Error(
        'field /auth/fields: an aws_sigv4 recipe needs a field named "secretAccessKey"',
      )
    if (found && !found.secret)
      throw new Error(`field /auth/fields: "${name}" must be a secret field`)
  }
  if ((field('roleArn') !== undefined) !== (recipe.assumeRole !== undefined))
    throw new Error('field /auth/assumeRole: a "roleArn" field and `assumeRole` come together')
  if (field('externalId') && !field('roleArn'))
    throw new Error('field /auth/fields: "externalId" is only sent with a "roleArn"')
}

/** The recipe's templated strings, filled from the typed values. */
export function* awsSigV4Strings(recipe: AwsSigV4Recipe): Generator<[string, string]> {
  yield ['/auth/region', recipe.region]
  if (!recipe.assumeRole) return
  yield ['/auth/assumeRole/endpoint', recipe.assumeRole.endpoint]
  if (recipe.assumeRole.region !== undefined)
    yield ['/auth/assumeRole/region', recipe.assumeRole.region]
}
