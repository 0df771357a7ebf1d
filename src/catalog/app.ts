import type { ApiRecipe, AppFile, Field } from './schema.js'
import type { App, AppField } from './types.js'
import { fieldFormat } from './formats.js'
import { isMintedRecipe, mintedStrings, mintedValueNames } from './minted.js'
import { jsonStrings } from './json-strings.js'
import { awsSigV4Strings, checkAwsSigV4Recipe } from './aws-sigv4.js'
import { checkOAuth1Fields, isOAuth1Recipe, oauth1Strings, oauth1URLs } from './oauth1.js'

/** `{name}` or `{name:raw}`; names may be dotted token-response paths (`team.id`) or callback params (`accounts-server`). */
const PLACEHOLDER = /\{([a-zA-Z_][a-zA-Z0-9_.-]*)(:raw)?\}/g

/** Turns a validated file into an App, checking what a JSON schema cannot: patterns and placeholders. */
export function toApp(file: AppFile): App {
  const fields = (file.auth.fields ?? []).map(toAppField)
  const names = new Set(fields.map((f) => f.name))
  if (names.size !== fields.length) throw new Error('field /auth/fields: two fields share a name')
  const auth = file.auth
  const oauth = auth.type === 'oauth2' ? auth : null
  const minted = isMintedRecipe(auth) ? auth : null
  const key =
    auth.type === 'api_key' || auth.type === 'basic' || auth.type === 'custom' ? auth : null
  const verification = auth.verification ?? null
  if (verification && auth.unverifiable !== undefined) {
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
  if (auth.type === 'aws_sigv4') checkAwsSigV4Recipe(auth, fields)
  const oauth1 = isOAuth1Recipe(auth) ? auth : null
  if (oauth1) checkOAuth1Fields(oauth1, fields)
  // Values typed by the user: the fields, and for a key file the members it names.
  const typed = new Set(names)
  if (minted) for (const name of mintedValueNames(minted, fields)) typed.add(name)
  // Values a template may use: typed values everywhere; once tokens exist (token, revocation and verification
  // requests) also the callback metadata; verification also gets the access token and token metadata.
  const provided = [
    ...(oauth?.callbackMetadata ?? []),
    ...((oauth ?? (minted && 'tokenResponseMetadata' in minted ? minted : null))
      ?.tokenResponseMetadata ?? []),
    ...(oauth1?.type === 'oauth1' ? (oauth1.tokenResponseMetadata ?? []) : []),
  ]
  // Provider-supplied values (Salesforce instance_url) may be inserted raw too: they come from the token endpoint.
  const rawAllowed = new Set([
    ...fields.filter((f) => f.format !== undefined).map((f) => f.name),
    ...provided,
  ])
  const afterCallback = new Set([...typed, ...(oauth?.callbackMetadata ?? [])])
  const forVerification = new Set([
    ...afterCallback,
    ...(oauth || minted ? ['accessToken', ...provided] : []),
  ])
  for (const [where, text, allowed] of templatedStrings(
    file,
    typed,
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
  checkTypedHosts(file, fields)
  const api = file.api && 'baseURL' in file.api ? file.api : null
  if (api) checkApiHosts(api, rawAllowed, names)
  return Object.freeze({
    id: file.id,
    name: file.name,
    categories: file.categories,
    docsURL: file.docsURL,
    icon: file.icon ?? null,
    brandColor: file.brandColor ?? null,
    confirmation: file.confirmation,
    authType: auth.type,
    // Connected through the provider popup with the workspace's own client: OAuth 2.0 or three-legged OAuth 1.0a.
    isOAuth: oauth !== null || oauth1?.type === 'oauth1',
    fields,
    oauth,
    key,
    minted,
    auth,
    verification,
    unverifiable: auth.unverifiable ?? null,
    quirks: oauth?.quirks ?? key?.quirks ?? null,
    api,
    unproxyable: file.api && 'unproxyable' in file.api ? file.api.unproxyable : null,
    searchText: [file.id, file.name, ...file.categories].join(' ').toLowerCase(),
  })
}

function toAppField(field: Field, index: number): AppField {
  if (field.allowPort !== undefined && field.format !== 'host')
    throw new Error(
      `field /auth/fields/${index}/allowPort: only a "host" format field takes a port`,
    )
  const format = fieldFormat(field)
  // A field's own pattern narrows its format (Teamwork's *.teamwork.com hosts), never widens it.
  const pattern =
    field.pattern !== undefined && format
      ? `(?=(?:${format.pattern})$)(?:${field.pattern})`
      : (field.pattern ?? format?.pattern)
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

/**
 * A URL whose whole host is a value the user types (`https://{host}/…`) must take it as `{name:raw}` from a `host`
 * or `url` format field: checked as a host name (no address literal, a port only where `allowPort` says so) and put
 * in the URL as a host, not percent-encoded into one (`https://h%3A8065/…`). Choice fields (`options`) are exempt.
 */
function checkTypedHosts(file: AppFile, fields: readonly AppField[]): void {
  const auth = file.auth
  const urls: [string, string | undefined][] = [
    ['/auth/verification/url', auth.verification?.url],
    ...(auth.type === 'oauth2'
      ? ([
          ['/auth/authorizationURL', auth.authorizationURL],
          ['/auth/tokenURL', auth.tokenURL],
          ['/auth/revocationURL', auth.revocationURL],
        ] as [string, string | undefined][])
      : []),
    ...(isMintedRecipe(auth) ? ([['/auth/tokenURL', auth.tokenURL]] as [string, string][]) : []),
    [
      '/auth/assumeRole/endpoint',
      auth.type === 'aws_sigv4' ? auth.assumeRole?.endpoint : undefined,
    ],
    ...(isOAuth1Recipe(auth) ? oauth1URLs(auth) : []),
    ['/api/baseURL', file.api && 'baseURL' in file.api ? file.api.baseURL : undefined],
  ]
  for (const [where, url] of urls) {
    if (url === undefined) continue
    const authority = /^(?:https?:\/\/)?([^/?#]*)/.exec(url)![1]!
    const whole = /^\{([a-zA-Z_][a-zA-Z0-9_.-]*)(:raw)?\}$/.exec(authority)
    const field = whole && fields.find((f) => f.name === whole[1])
    if (!whole || !field || field.options) continue
    if (!field.format || !whole[2])
      throw new Error(
        `field ${where}: the host is the typed field "${field.name}": write {${field.name}:raw} and give the field "format": "host"`,
      )
  }
}

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
  if (isMintedRecipe(auth))
    for (const [where, text] of mintedStrings(auth)) yield [where, text, fields]
  if (auth.type === 'aws_sigv4')
    for (const [where, text] of awsSigV4Strings(auth)) yield [where, text, fields]
  if (isOAuth1Recipe(auth))
    for (const [where, text] of oauth1Strings(auth)) yield [where, text, fields]
  if (file.api && 'baseURL' in file.api) yield* requestStrings('/api', file.api, forVerification)
  const v = auth.verification
  if (!v) return
  yield* requestStrings('/auth/verification', v, forVerification)
  for (const [k, value] of Object.entries(v.form ?? {}))
    yield [`/auth/verification/form/${k}`, value, forVerification]
  for (const [path, value] of jsonStrings(v.body, '/auth/verification/body'))
    yield [path, value, forVerification]
}

/** The templated parts a verification and an API recipe share: URL, headers, query and Basic credentials. */
function* requestStrings(
  at: string,
  request: {
    url?: string
    baseURL?: string
    headers?: Record<string, string>
    query?: Record<string, string>
    basic?: { username: string; password: string }
  },
  allowed: Allowed,
): Generator<[string, string, Allowed]> {
  if (request.url !== undefined) yield [`${at}/url`, request.url, allowed]
  if (request.baseURL !== undefined) yield [`${at}/baseURL`, request.baseURL, allowed]
  for (const [k, value] of Object.entries(request.headers ?? {}))
    yield [`${at}/headers/${k}`, value, allowed]
  for (const [k, value] of Object.entries(request.query ?? {}))
    yield [`${at}/query/${k}`, value, allowed]
  if (request.basic) {
    yield [`${at}/basic/username`, request.basic.username, allowed]
    yield [`${at}/basic/password`, request.basic.password, allowed]
  }
}

/**
 * A base URL whose host is filled from a value must name the hosts it may reach, unless the value is a field the
 * user typed with a `format` (a self-hosted server: any public host, the outbound guard refuses the rest).
 */
function checkApiHosts(api: ApiRecipe, rawAllowed: Allowed, fields: Allowed): void {
  const authority = /^(?:https?:\/\/)?([^/]*)/.exec(api.baseURL)![1]!
  const names = [...authority.matchAll(PLACEHOLDER)].map((m) => m[1]!)
  const typedHost = names.length > 0 && names.every((n) => fields.has(n) && rawAllowed.has(n))
  if (names.length > 0 && !typedHost && !api.hosts)
    throw new Error(
      "field /api/hosts: the base URL's host comes from a value, so list the hosts it may name",
    )
  if (
    names.length === 0 &&
    !/^(https:\/\/|http:\/\/(127\.0\.0\.1|localhost|\[::1\])(:|\/|$))/.test(api.baseURL)
  )
    throw new Error('field /api/baseURL: must be https:// (plain http:// only for loopback hosts)')
  if (names.length === 0 && api.hosts && !hostMatches(api.hosts, new URL(api.baseURL).hostname))
    throw new Error("field /api/hosts: the base URL's own host is not among them")
}

/**
 * True when `host` is one of `patterns`: label by label, a `*` label matching exactly one label (`*.example.com`,
 * and AWS's regional hosts `email.*.amazonaws.com`).
 */
export function hostMatches(patterns: readonly string[], host: string): boolean {
  const labels = host.toLowerCase().replace(/\.$/, '').split('.')
  return patterns.some((pattern) => {
    const wanted = pattern.split('.')
    return (
      wanted.length === labels.length &&
      wanted.every((label, i) => (label === '*' ? labels[i] !== '' : label === labels[i]))
    )
  })
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
