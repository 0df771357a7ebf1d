// call_api: an agent's request to one of its user's apps, sent through the proxy (so refresh, retry, host limits,
// concurrency limits and the proxy's audit row all apply), and the provider's answer cut down to what an agent can
// read: status, a few headers, the body as JSON or text up to CALL_API_MAX_BODY_BYTES. Whatever the provider echoes
// of the injected credential (a debugging endpoint that returns the request's headers) is redacted first.
import { Readable } from 'node:stream'
import { openActiveCredential, requireApp, type CredentialSecret } from '../credentials/index.js'
import { AppError } from '../errors.js'
import {
  buildInjection,
  proxyRequest,
  templateValues,
  type HeaderList,
  type ProxyDeps,
} from '../proxy/index.js'
import { listCredentialsOfUser, type CredentialRow } from '../store/index.js'
import { requireAgentMethod } from './allow.js'
import { redactSecrets, REDACTED } from './redact.js'
import { HTTP_METHODS, agentActor, type AgentSession, type HttpMethod } from './tokens.js'

/** The most of a provider's body an agent is shown; past it, `truncated` is true. */
export const CALL_API_MAX_BODY_BYTES = 100_000
/** The most an agent may send as a body. */
export const CALL_API_MAX_REQUEST_BYTES = 256_000

/** Response headers an agent may need (paging, rate limits, where a created thing lives); the rest are dropped. */
const SHOWN_HEADERS = [
  'content-type',
  'content-length',
  'content-range',
  'location',
  'retry-after',
  'link',
  'etag',
  'last-modified',
]
const SHOWN_HEADER_PREFIXES = ['x-ratelimit-', 'ratelimit', 'x-rate-limit-']

/** Headers an agent must not send: the credential is Keyport's to inject, and Keyport's own controls are not its. */
const REFUSED_HEADERS = /^(authorization|proxy-authorization|cookie|host|keyport-.*|proxy-.*)$/i

export interface CallApiInput {
  credentialId?: string
  app?: string
  method: HttpMethod
  path: string
  query?: Record<string, string | string[]>
  headers?: Record<string, string>
  /** A string is sent as it is; anything else as JSON. */
  body?: unknown
}

export interface CallApiResult {
  credentialId: string
  app: string
  status: number
  headers: Record<string, string>
  /** Parsed JSON when the provider said JSON and it parsed, else text; null when the body was not text. */
  body: unknown
  /** `withheld`: the credential changed during the call in a way that leaves a secret unknown, so no body. */
  bodyType: 'json' | 'text' | 'empty' | 'binary' | 'withheld'
  /** The body was longer than CALL_API_MAX_BODY_BYTES and was cut there (text is returned as text, unparsed). */
  truncated: boolean
}

const invalid = (message: string) => new AppError('invalid_request', message)

/** The credential the call names, which must be this user's (any other id is not found, as across workspaces). */
async function resolveCredential(
  deps: ProxyDeps,
  session: AgentSession,
  input: CallApiInput,
): Promise<CredentialRow> {
  if ((input.credentialId === undefined) === (input.app === undefined))
    throw invalid('Pass exactly one of credentialId and app.')
  const rows = await listCredentialsOfUser(
    deps.db,
    session.workspaceId,
    session.userId,
    input.app ?? undefined,
  )
  if (input.credentialId !== undefined) {
    const row = rows.find((r) => r.id === input.credentialId)
    if (!row)
      throw new AppError(
        'credential_not_found',
        `The user has no connection ${input.credentialId}.`,
      )
    return row
  }
  const app = requireApp(deps, input.app!)
  const active = rows.filter((r) => r.status === 'active')
  if (active.length === 1) return active[0]!
  if (active.length > 1)
    throw invalid(
      `The user has ${active.length} ${app.name} connections; pass credentialId (${active.map((r) => r.id).join(', ')}).`,
    )
  throw new AppError(
    rows.length > 0 ? 'credential_expired' : 'credential_not_found',
    `The user has no working ${app.name} connection; call connect_app to ask them to connect it.`,
  )
}

function requestParts(input: CallApiInput): {
  path: string
  query: string
  headers: Record<string, string>
  body: Buffer | null
} {
  if (/[?#]/.test(input.path)) throw invalid('Put the query in `query`, not in `path`.')
  const path = input.path.replace(/^\/+/, '')
  const query = new URLSearchParams()
  for (const [name, value] of Object.entries(input.query ?? {}))
    for (const v of [value].flat()) query.append(name, v)
  const headers: Record<string, string> = {}
  for (const [name, value] of Object.entries(input.headers ?? {})) {
    // RFC 9110 §5.1/§5.5: a field name is a token; a value holds no line break or NUL (it would split the request).
    if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name) || /[\r\n\0]/.test(value))
      throw invalid(`The header ${JSON.stringify(name)} is not a valid HTTP header.`)
    if (REFUSED_HEADERS.test(name))
      throw invalid(`The header ${name} is Keyport's to set: the credential is injected for you.`)
    headers[name.toLowerCase()] = value
  }
  let body: Buffer | null = null
  if (input.body !== undefined && input.body !== null) {
    if (input.method === 'GET' || input.method === 'HEAD')
      throw invalid(`A ${input.method} request has no body.`)
    const isText = typeof input.body === 'string'
    body = Buffer.from(isText ? (input.body as string) : JSON.stringify(input.body))
    if (body.length > CALL_API_MAX_REQUEST_BYTES)
      throw new AppError(
        'payload_too_large',
        `The body is larger than ${CALL_API_MAX_REQUEST_BYTES} bytes.`,
      )
    headers['content-type'] ??= isText ? 'text/plain; charset=utf-8' : 'application/json'
    headers['content-length'] = String(body.length)
  }
  return { path, query: query.toString(), headers, body }
}

/** Values a key file may hold that are as secret as the file (src/catalog/minted.ts names them). */
const KEY_FILE_SECRETS = ['privateKey', 'privateKeyPassphrase', 'clientSecret']

/**
 * Every form the credential may take in a response: its secret values, and each injected header or query value
 * that carries one (a whole `Bearer …` or `Basic <base64>` value included).
 */
function secretForms(deps: ProxyDeps, row: CredentialRow, secret: CredentialSecret): string[] {
  const app = deps.catalog.get(row.app)
  const values: string[] = []
  if (secret.kind === 'oauth2') {
    values.push(secret.accessToken)
    if (secret.refreshToken) values.push(secret.refreshToken)
  } else if (secret.kind === 'minted') {
    // The minted token, the secret fields, and the secrets a key file held (its private key, Box's client secret).
    for (const [name, value] of Object.entries(secret.token?.values ?? {}))
      if (name !== 'tokenType') values.push(value)
    const secretNames = new Set([
      ...(app?.fields.filter((f) => f.secret).map((f) => f.name) ?? []),
      ...KEY_FILE_SECRETS,
    ])
    for (const [name, value] of Object.entries(secret.fields))
      if (secretNames.has(name) || !app) values.push(value)
  } else if (secret.kind === 'oauth1') {
    values.push(secret.token, secret.tokenSecret)
  } else {
    const secretNames = new Set(app?.fields.filter((f) => f.secret).map((f) => f.name))
    for (const [name, value] of Object.entries(secret.fields))
      if (secretNames.has(name) || !app) values.push(value)
  }
  if (app?.api) {
    const injection = buildInjection(
      app.api,
      app,
      templateValues(secret, JSON.parse(row.metadata) as Record<string, unknown>),
    )
    for (const value of [
      ...Object.values(injection.headers),
      ...injection.query.map(([, v]) => v),
    ]) {
      if (!values.some((s) => value.includes(s)) && !/^basic /i.test(value)) continue
      values.push(value, value.replace(/^\S+\s+/, ''))
    }
  }
  return values
}

async function readCapped(
  body: Readable,
  limit: number,
): Promise<{ bytes: Buffer; more: boolean }> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of body as AsyncIterable<Buffer>) {
    chunks.push(chunk)
    size += chunk.length
    if (size > limit) {
      body.destroy()
      return { bytes: Buffer.concat(chunks).subarray(0, limit + 1), more: true }
    }
  }
  return { bytes: Buffer.concat(chunks), more: false }
}

const TEXTUAL =
  /^(text\/|application\/([\w.+-]*\+)?(json|xml|javascript|x-www-form-urlencoded|graphql)|$)/i

function shownHeaders(headers: HeaderList, redact: (s: string) => string): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [name, value] of Object.entries(headers)) {
    const lower = name.toLowerCase()
    if (SHOWN_HEADERS.includes(lower) || SHOWN_HEADER_PREFIXES.some((p) => lower.startsWith(p)))
      out[lower] = redact([value].flat().join(', '))
  }
  return out
}

export async function callApi(
  deps: ProxyDeps,
  session: AgentSession,
  input: CallApiInput,
  requestId: string | null,
): Promise<CallApiResult> {
  if (!(HTTP_METHODS as readonly string[]).includes(input.method))
    throw invalid(`method must be one of ${HTTP_METHODS.join(', ')}.`)
  const row = await resolveCredential(deps, session, input)
  requireAgentMethod(session, row.app, input.method)
  const parts = requestParts(input)
  // Opened before and after the call: a refresh during the call (before it, or on a 401) changes the token.
  const before = await openActiveCredential(deps, session.workspaceId, row.id)
  const answer = await proxyRequest(
    deps,
    { ...agentActor(session, requestId), agentTokenId: session.agentTokenId },
    {
      credentialId: row.id,
      method: input.method,
      path: parts.path,
      query: parts.query,
      headers: parts.headers,
      body: parts.body ? Readable.from([parts.body]) : null,
    },
  )
  const secrets = secretForms(deps, before.row, before.secret)
  const after = await openActiveCredential(deps, session.workspaceId, row.id).catch(() => null)
  // The credential expired on the way (a 401 re-check): a token obtained during the call is unknown, so the body
  // could hold a secret that cannot be redacted. Better no body than a leak.
  const withheld = after === null
  if (after) secrets.push(...secretForms(deps, after.row, after.secret))
  const redact = (text: string) => redactSecrets(text, secrets)
  const longest = Math.max(0, ...secrets.map((s) => Buffer.byteLength(s)))
  // Read past the cap by the longest secret, so one that straddles the cut is redacted whole before cutting.
  const { bytes, more } = await readCapped(answer.body, CALL_API_MAX_BODY_BYTES + longest)
  const contentType = [answer.headers['content-type'] ?? ''].flat()[0]!
  const result = {
    credentialId: row.id,
    app: row.app,
    status: answer.status,
    headers: shownHeaders(answer.headers, redact),
  }
  if (bytes.length === 0 && !more)
    return { ...result, body: null, bodyType: 'empty', truncated: false }
  if (withheld) return { ...result, body: null, bodyType: 'withheld', truncated: false }
  if (!TEXTUAL.test(contentType.split(';')[0]!.trim()))
    return { ...result, body: null, bodyType: 'binary', truncated: false }
  const full = redact(bytes.toString('utf8'))
  const cut = Buffer.from(full).length > CALL_API_MAX_BODY_BYTES || more
  const text = cut ? Buffer.from(full).subarray(0, CALL_API_MAX_BODY_BYTES).toString('utf8') : full
  if (!cut && /json/i.test(contentType)) {
    try {
      return { ...result, body: JSON.parse(text) as unknown, bodyType: 'json', truncated: false }
    } catch {
      // Said JSON, is not: shown as text.
    }
  }
  return { ...result, body: text, bodyType: 'text', truncated: cut }
}

export { REDACTED }
