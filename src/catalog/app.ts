import type { AppFile, Field } from './schema.js'
import type { App, AppField } from './types.js'

const PLACEHOLDER = /\{([a-zA-Z][a-zA-Z0-9_]*)\}/g

/** Turns a validated file into an App, checking what a JSON schema cannot: patterns and placeholders. */
export function toApp(file: AppFile): App {
  const fields = (file.auth.fields ?? []).map(toAppField)
  const names = new Set(fields.map((f) => f.name))
  if (names.size !== fields.length) throw new Error('field /auth/fields: two fields share a name')
  const oauth = file.auth.type === 'oauth2' ? file.auth : null
  const key = file.auth.type === 'oauth2' ? null : file.auth
  const verification = file.auth.verification ?? null
  // OAuth templates may use connection fields; a verification may also use the access token.
  const templateNames = new Set([...names, ...(oauth ? ['accessToken'] : [])])
  for (const [where, text] of templatedStrings(file)) {
    for (const match of text.matchAll(PLACEHOLDER)) {
      if (!templateNames.has(match[1]!)) {
        throw new Error(`field ${where}: placeholder {${match[1]}} names no field of this app`)
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
    searchText: [file.id, file.name, ...file.categories].join(' ').toLowerCase(),
  })
}

function toAppField(field: Field, index: number): AppField {
  let regex: RegExp | null = null
  if (field.pattern !== undefined) {
    try {
      regex = new RegExp(`^(?:${field.pattern})$`)
    } catch {
      throw new Error(`field /auth/fields/${index}/pattern: not a valid regular expression`)
    }
  }
  return { ...field, required: field.required ?? true, regex }
}

function* templatedStrings(file: AppFile): Generator<[string, string]> {
  const auth = file.auth
  if (auth.type === 'oauth2') {
    yield ['/auth/authorizationURL', auth.authorizationURL]
    yield ['/auth/tokenURL', auth.tokenURL]
    if (auth.revocationURL) yield ['/auth/revocationURL', auth.revocationURL]
    for (const [k, v] of Object.entries(auth.authorizationParams ?? {})) yield [`/auth/authorizationParams/${k}`, v]
    for (const [k, v] of Object.entries(auth.tokenParams ?? {})) yield [`/auth/tokenParams/${k}`, v]
  }
  const v = auth.verification
  if (!v) return
  yield ['/auth/verification/url', v.url]
  for (const [k, value] of Object.entries(v.headers ?? {})) yield [`/auth/verification/headers/${k}`, value]
  for (const [k, value] of Object.entries(v.query ?? {})) yield [`/auth/verification/query/${k}`, value]
  if (v.basic) {
    yield ['/auth/verification/basic/username', v.basic.username]
    yield ['/auth/verification/basic/password', v.basic.password]
  }
}

/** Replaces `{name}` with values[name]; `encode` URL-encodes each value (for URLs). */
export function fillTemplate(
  template: string,
  values: Readonly<Record<string, string>>,
  options: { encode: boolean },
): string {
  return template.replace(PLACEHOLDER, (_, name: string) => {
    const value = values[name] ?? ''
    return options.encode ? encodeURIComponent(value) : value
  })
}
