// JWT bearer assertion grant (RFC 7523 §2.1): an assertion signed with the user's private key is exchanged for an
// access token (Google service accounts, Salesforce, Box, DocuSign). The key never leaves Keyport; the assertion
// goes to the token endpoint only, lives minutes, and carries a fresh jti.
import { randomUUID } from 'node:crypto'
import { SignJWT } from 'jose'
import type { App, JwtBearerRecipe } from '../catalog/index.js'
import { AppError } from '../errors.js'
import { fieldRefused, readPrivateKey } from './private-key.js'
import {
  BEARER,
  fill,
  filledParams,
  mintAtTokenEndpoint,
  recipeOf,
  scopeString,
} from './oauth-token.js'
import type { AuthScheme } from './types.js'

export const JWT_BEARER_GRANT = 'urn:ietf:params:oauth:grant-type:jwt-bearer'

export const jwtBearer: AuthScheme = {
  defaultProxyHeaders: BEARER,
  prepare(app, typed) {
    const recipe = recipeOf(app, 'jwt_bearer')
    const values = { ...typed, ...keyFileValues(app, recipe, typed) }
    const keyField = keyFieldOf(app, recipe)
    if (
      !readPrivateKey(
        values.privateKey ?? '',
        recipe.assertion.algorithm,
        values.privateKeyPassphrase,
      )
    )
      throw fieldRefused(
        keyField,
        `must hold a ${recipe.assertion.algorithm.slice(0, 2) === 'ES' ? 'EC' : 'RSA'} private key in PEM form (not a public key or a certificate)${values.privateKeyPassphrase ? ' that the passphrase opens' : ''}`,
      )
    return values
  },
  async mint({ app, values, fetch, now }) {
    const recipe = recipeOf(app, 'jwt_bearer')
    const { assertion: shape } = recipe
    const key = readPrivateKey(
      values.privateKey ?? '',
      shape.algorithm,
      values.privateKeyPassphrase,
    )
    // prepare() accepted it when it was stored: a key that no longer parses is a stored value gone bad.
    if (!key)
      throw new AppError('invalid_credential_data', `The stored ${app.name} key cannot be read.`)
    const issuedAt = Math.floor(now().getTime() / 1000)
    const scope = scopeString(recipe, values)
    const claims: Record<string, string> = {
      ...filledParams(shape.claims, values),
      ...(shape.scopeClaim && scope ? { [shape.scopeClaim]: scope } : {}),
    }
    const subject = shape.subject === undefined ? '' : fill(shape.subject, values)
    const keyId = shape.keyId === undefined ? '' : fill(shape.keyId, values)
    const jwt = new SignJWT(claims)
      .setProtectedHeader({ alg: shape.algorithm, typ: 'JWT', ...(keyId ? { kid: keyId } : {}) })
      .setIssuer(fill(shape.issuer, values))
      .setAudience(fill(shape.audience, values))
      .setIssuedAt(issuedAt)
      .setExpirationTime(issuedAt + shape.lifetimeSeconds)
      .setJti(randomUUID())
    if (subject) jwt.setSubject(subject)
    const assertion = await jwt.sign(key)
    return mintAtTokenEndpoint({
      tokenURL: fill(recipe.tokenURL, values, { encode: true }),
      grantType: JWT_BEARER_GRANT,
      parameters: {
        ...filledParams(recipe.tokenParams, values),
        ...(!shape.scopeClaim && scope ? { scope } : {}),
        assertion,
      },
      clientAuth:
        recipe.clientAuthentication === 'client_secret_post'
          ? {
              method: 'client_secret_post',
              clientId: values.clientId ?? '',
              clientSecret: values.clientSecret ?? '',
            }
          : { method: 'none' },
      response: recipe,
      fetch,
      now,
    })
  },
}

/** The field the private key came from: the key file's, or the `privateKey` field. */
function keyFieldOf(app: App, recipe: JwtBearerRecipe): { name: string; displayName: string } {
  const name = recipe.keyFile?.values.privateKey !== undefined ? recipe.keyFile.field : 'privateKey'
  return app.fields.find((f) => f.name === name) ?? { name, displayName: name }
}

/** A key file's members by the names the recipe gives them; 422 naming the field when it is not such a file. */
function keyFileValues(
  app: App,
  recipe: JwtBearerRecipe,
  typed: Readonly<Record<string, string>>,
): Record<string, string> {
  const keyFile = recipe.keyFile
  if (!keyFile) return {}
  const field = app.fields.find((f) => f.name === keyFile.field)!
  const text = typed[keyFile.field]
  if (text === undefined) return {} // an optional key file left empty: the fields carry the values
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    throw fieldRefused(field, 'must be the JSON key file as downloaded (it is not valid JSON)')
  }
  const values: Record<string, string> = {}
  for (const [name, path] of Object.entries(keyFile.values)) {
    let value: unknown = json
    for (const part of path.split('.'))
      value =
        value !== null && typeof value === 'object'
          ? (value as Record<string, unknown>)[part]
          : undefined
    if (typeof value === 'number') value = String(value)
    if (typeof value !== 'string' || value === '')
      throw fieldRefused(field, `is not the expected key file: it has no "${path}"`)
    values[name] = value
  }
  return values
}
