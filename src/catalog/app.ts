import type { AppFile, Field } from './schema.js'
import type { App, AppField } from './types.js'
import { FORMATS } from './formats.js'

/** `{name}` or `{name:raw}`; names may be dotted token-response paths (`team.id`) or callback params (`accounts-server`). */
const PLACEHOLDER = /\{([a-zA-Z_][a-zA-Z0-9_.-]*)(:raw)?\}/g

/** Turns a validated file into an App, checking what a JSON schema cannot: patterns and placeholders. */
export function toApp(file: AppFile): App {
  const fields = (file.auth.fields ?? []).map(toAppField)
  const names = new Set(fields.map((f) => f.name))
  if (names.size !== fields.length) throw new Error('field /auth/fields: two fields share a name')
  const oauth = file.auth.type === 'oauth2' ? file.auth : null
  const key = file.auth.type === 'oauth2' ? null : file.auth
  const verification = file.auth.verification ?? null
  if (verification && file.auth.unverifiable !== undefined) {
    throw new Error('field /auth/unverifiable: an app with a verification is not unverifiable')
  }
  if (verification?.body !== undefined && verification.form !== undefined) {
    throw new Error(
      'field /auth/verification/form: a verification sends either `body` or `form`, not both',
    )
  }
  if (key?.quirks && !verification && key.unverifiable === undefined) {
    throw new Error(
      'field /auth/unverifiable: a key recipe with quirks and no verification must say why it cannot be verified',
    )
  }
  // Values a template may use: connection fields everywhere; once tokens exist (token, revocation and
  // verification requests) also the callback metadata; verification also gets the access token and token metadata.
  const rawAllowed = new Set(fields.filter((f) => f.format !== undefined).map((f) => f.name))
  const afterCallback = new Set([...names, ...(oauth?.callbackMetadata ?? [])])
  const forVerification = new Set([
    ...afterCallback,
    ...(oauth ? ['accessToken', ...(oauth.tokenResponseMetadata ?? [])] : []),
  ])
  // Provider-supplied values (Salesforce instance_url) may be inserted raw too: they come from the token endpoint.
  for (const name of forVerification)
    if (!names.has(name) && name !== 'accessToken') rawAllowed.add(name)
  for (const [where, text, allowed] of templatedStrings(
    file,
    names,
    afterCallback,
    forVerification,
  )) {
    for (const match of text.matchAll(PLACEHOLDER)) {
      const name = match[1]!
      if (!allowed.has(name))
        throw new Error(`field ${where}: placeholder {${name}} names no value available there`)
      if (match[2] && !rawAllowed.has(name)) {
        throw new Error(
          `field ${where}: {${name}:raw} needs a field with a "format" (host or url) so the value is checked`,
        )
      }
    }
  }
  return Object.freeze({
    id: file.id,
    name: file.name,
    categories: file.categories,
    docsURL: file.docsURL,
    icon: file.icon ?? null,
    confirmation: file.confirmation,
    authType: file.auth.type,
    isOAuth: oauth !== null,
    fields,
    oauth,
    key,
    verification,
    unverifiable: file.auth.unverifiable ?? null,
    quirks: file.auth.quirks ?? null,
    searchText: [file.id, file.name, ...file.categories].join(' ').toLowerCase(),
  })
}

function toAppField(field: Field, index: number): AppField {
  const format = field.format ? FORMATS[field.format] : null
  const pattern = field.pattern ?? format?.pattern
  let regex: RegExp | null = null
  if (pattern !== undefined) {
    try {
      regex = new RegExp(`^(?:${pattern})$`)
    } catch {
      throw new Error(`field /auth/fields/${index}/pattern: not a valid regular expression`)
    }
  }
  const patternMessage =
    field.patternMessage ?? (field.pattern === undefined ? format?.message : undefined)
  return {
    ...field,
    ...(pattern !== undefined ? { pattern } : {}),
    ...(patternMessage !== undefined ? { patternMessage } : {}),
    required: field.required ?? true,
    regex,
  }
}

type Allowed = ReadonlySet<string>

function* templatedStrings(
  file: AppFile,
  fields: Allowed,
  afterCallback: Allowed,
  forVerification: Allowed,
): Generator<[string, string, Allowed]> {
  const auth = file.auth
  if (auth.type === 'oauth2') {
    yield ['/auth/authorizationURL', auth.authorizationURL, fields]
    yield ['/auth/tokenURL', auth.tokenURL, afterCallback]
    if (auth.revocationURL) yield ['/auth/revocationURL', auth.revocationURL, afterCallback]
    for (const [i, scope] of auth.scopes.entries()) yield [`/auth/scopes/${i}`, scope, fields]
    for (const [k, v] of Object.entries(auth.authorizationParams ?? {}))
      yield [`/auth/authorizationParams/${k}`, v, fields]
    for (const [k, v] of Object.entries(auth.tokenParams ?? {}))
      yield [`/auth/tokenParams/${k}`, v, afterCallback]
  }
  const v = auth.verification
  if (!v) return
  const at = '/auth/verification'
  yield [`${at}/url`, v.url, forVerification]
  for (const [k, value] of Object.entries(v.headers ?? {}))
    yield [`${at}/headers/${k}`, value, forVerification]
  for (const [k, value] of Object.entries(v.query ?? {}))
    yield [`${at}/query/${k}`, value, forVerification]
  for (const [k, value] of Object.entries(v.form ?? {}))
    yield [`${at}/form/${k}`, value, forVerification]
  for (const [path, value] of jsonStrings(v.body, `${at}/body`))
    yield [path, value, forVerification]
  if (v.basic) {
    yield [`${at}/basic/username`, v.basic.username, forVerification]
    yield [`${at}/basic/password`, v.basic.password, forVerification]
  }
}

function* jsonStrings(value: unknown, path: string): Generator<[string, string]> {
  if (typeof value === 'string') yield [path, value]
  else if (Array.isArray(value))
    for (const [i, item] of value.entries()) yield* jsonStrings(item, `${path}/${i}`)
  else if (value !== null && typeof value === 'object') {
    for (const [k, item] of Object.entries(value)) yield* jsonStrings(item, `${path}/${k}`)
  }
}

/**
 * Replaces `{name}` with values[name]; `encode` URL-encodes each value (for URLs) so a typed value cannot change
 * the host or path. `{name:raw}` inserts the value as is, without trailing slashes: the loader allows it only for
 * `format`-checked fields and provider-supplied metadata.
 */
export function fillTemplate(
  template: string,
  values: Readonly<Record<string, string>>,
  options: { encode: boolean },
): string {
  return template.replace(PLACEHOLDER, (_, name: string, raw: string | undefined) => {
    const value = values[name] ?? ''
    if (raw) return value.replace(/\/+$/, '')
    return options.encode ? encodeURIComponent(value) : value
  })
}

/** Fills placeholders in every string of a JSON value (a verification body), leaving its shape alone. */
export function fillJSONTemplate(
  value: unknown,
  values: Readonly<Record<string, string>>,
): unknown {
  if (typeof value === 'string') return fillTemplate(value, values, { encode: false })
  if (Array.isArray(value)) return value.map((item) => fillJSONTemplate(item, values))
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([k, item]) => [k, fillJSONTemplate(item, values)]),
    )
  }
  return value
}
