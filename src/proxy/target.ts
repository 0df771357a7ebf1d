import { fillTemplate, hostMatches, type ApiRecipe, type App } from '../catalog/index.js'
import { credentialTemplateValues } from '../credentials/index.js'
import { AppError } from '../errors.js'
import { authScheme } from '../auth-schemes/index.js'

/** What Keyport adds to a proxied request: the filled base URL and the credential, in the app's declared place. */
export interface Injection {
  base: URL
  /** Lower-case names; they replace any header of that name the caller sent. */
  headers: Record<string, string>
  /** Appended to the query, replacing any parameter of that name the caller sent. */
  query: [string, string][]
  /** The values the templates were filled from, for a scheme that signs the request (never sent as they are). */
  values: Readonly<Record<string, string>>
}

/** The app's API recipe, or the 422 that says why it has none. */
export function requireApi(app: App | null): ApiRecipe {
  if (app?.api) return app.api
  throw new AppError(
    'app_not_proxyable',
    app?.unproxyable
      ? `The proxy cannot call ${app.name}'s API: ${app.unproxyable}`
      : `${app?.name ?? 'This app'} declares no API the proxy can call.`,
  )
}

/** The values a template may use (see credentialTemplateValues). */
export const templateValues = credentialTemplateValues

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]'])
/** A value that would split a header or a request line if injected. */
const UNSAFE = /[\r\n\0]/

/** Fills the recipe; refuses (422) a base URL whose host the recipe does not allow. */
export function buildInjection(
  api: ApiRecipe,
  app: App,
  values: Readonly<Record<string, string>>,
): Injection {
  let base: URL
  try {
    base = new URL(fillTemplate(api.baseURL, values, { encode: true }))
  } catch {
    throw hostRefused(app, 'is not a valid URL')
  }
  if (base.protocol !== 'https:' && !(base.protocol === 'http:' && LOOPBACK.has(base.hostname)))
    throw hostRefused(app, 'is not https://')
  if (base.username || base.password || base.search || base.hash)
    throw hostRefused(app, 'carries credentials, a query or a fragment')
  if (api.hosts && !hostMatches(api.hosts, base.hostname))
    throw hostRefused(app, `names a host outside ${api.hosts.join(', ')}`)
  const headers: Record<string, string> = {}
  const fill = (template: string) => {
    const value = fillTemplate(template, values, { encode: false })
    if (UNSAFE.test(value))
      throw new AppError(
        'invalid_credential_data',
        `A stored value of this ${app.name} credential cannot be sent in a request (it holds a line break).`,
      )
    return value
  }
  const declared =
    api.headers ??
    (app.isOAuth
      ? { Authorization: 'Bearer {accessToken}' }
      : (authScheme(app.authType).defaultProxyHeaders ?? {}))
  for (const [name, template] of Object.entries(declared))
    headers[name.toLowerCase()] = fill(template)
  if (api.basic) {
    const pair = `${fill(api.basic.username)}:${fill(api.basic.password)}`
    headers.authorization = `Basic ${Buffer.from(pair).toString('base64')}`
  }
  const query = Object.entries(api.query ?? {}).map(
    ([name, template]) => [name, fill(template)] as [string, string],
  )
  return { base, headers, query, values }
}

function hostRefused(app: App, why: string): AppError {
  return new AppError(
    'proxy_host_not_allowed',
    `The API address of this ${app.name} credential ${why}; the proxy will not send it there.`,
  )
}

/**
 * The caller's query string, as sent, with any parameter Keyport injects removed, then Keyport's appended. Without
 * injected parameters it is returned unchanged, byte for byte.
 */
export function withInjectedQuery(query: string, injected: readonly [string, string][]): string {
  if (injected.length === 0) return query
  const names = new Set(injected.map(([name]) => name))
  const kept = query
    .split('&')
    .filter((pair) => pair !== '' && !names.has(decodeName(pair.split('=')[0]!)))
  const added = injected.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`)
  return [...kept, ...added].join('&')
}

function decodeName(name: string): string {
  try {
    return decodeURIComponent(name.replaceAll('+', ' '))
  } catch {
    return name
  }
}
