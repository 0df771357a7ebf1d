// A real OAuth 2.0 authorization server on loopback (oidc-provider@8), for the OAuth client and the connect flow.
// One static confidential client, PKCE required, refresh tokens on. Counts token-endpoint calls so attack tests
// can assert the provider was never asked for a token.
import { mkdtempSync, writeFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { AddressInfo } from 'node:net'
// @ts-expect-error oidc-provider@8 ships no type declarations; the few members used here are typed below.
import ProviderModule from 'oidc-provider'

/* eslint-disable @typescript-eslint/no-explicit-any */
interface ProviderInstance {
  on(event: 'grant.saved', listener: (grant: { jti: string; accountId: string }) => void): void
  use(
    middleware: (ctx: { method: string; path: string }, next: () => Promise<void>) => Promise<void>,
  ): void
  callback(): (req: any, res: any) => void
  Grant: { find(jti: string): Promise<{ destroy(): Promise<void> } | undefined> }
  RefreshToken: { revokeByGrantId(jti: string): Promise<void> }
  AccessToken: { revokeByGrantId(jti: string): Promise<void> }
}
const Provider = ProviderModule as new (
  issuer: string,
  configuration: Record<string, unknown>,
) => ProviderInstance

export interface TestProvider {
  issuer: string
  clientId: string
  clientSecret: string
  /** POSTs to /token so far (every grant type). */
  tokenRequests(): number
  /** Drives the dev login + consent pages over HTTP; returns the redirect back to the client (code, state, iss). */
  authorize(authorizationURL: string, options?: { login?: string; deny?: boolean }): Promise<URL>
  /** Server-side revocation (the user removed the app at the provider). */
  revokeGrantsOf(accountId: string): Promise<void>
  close(): Promise<void>
}

export interface TestProviderOptions {
  redirectURIs: string[]
  clientId?: string
  clientSecret?: string
  tokenEndpointAuthMethod?: 'client_secret_basic' | 'client_secret_post'
  /** Issue a new refresh token on every refresh (the old one stops working). Default true. */
  rotateRefreshToken?: boolean
  accessTokenTTL?: number
  /** Let the client use the client credentials grant too (RFC 6749 §4.4). */
  clientCredentials?: boolean
}

export async function startTestProvider(options: TestProviderOptions): Promise<TestProvider> {
  const clientId = options.clientId ?? 'keyport-test'
  const clientSecret = options.clientSecret ?? 'test-secret-0123456789abcdefghijklmnop'
  const server: Server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  const grants = new Map<string, Set<string>>()

  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: options.redirectURIs,
        grant_types: [
          'authorization_code',
          'refresh_token',
          ...(options.clientCredentials ? ['client_credentials'] : []),
        ],
        response_types: ['code'],
        token_endpoint_auth_method: options.tokenEndpointAuthMethod ?? 'client_secret_basic',
      },
    ],
    pkce: { required: () => true, methods: ['S256'] },
    features: {
      revocation: { enabled: true },
      devInteractions: { enabled: true },
      clientCredentials: { enabled: options.clientCredentials ?? false },
    },
    scopes: ['openid', 'offline_access', 'profile', 'email'],
    ttl: {
      AccessToken: options.accessTokenTTL ?? 3600,
      IdToken: 3600,
      AuthorizationCode: 60,
      Session: 3600,
      Interaction: 600,
      Grant: 3600,
      RefreshToken: 86400,
      ClientCredentials: options.accessTokenTTL ?? 3600,
    },
    issueRefreshToken: async (_ctx: unknown, client: { grantTypeAllowed(type: string): boolean }) =>
      client.grantTypeAllowed('refresh_token'),
    rotateRefreshToken: () => options.rotateRefreshToken ?? true,
    findAccount: async (_ctx: unknown, sub: string) => ({
      accountId: sub,
      claims: async () => ({ sub }),
    }),
    cookies: { keys: ['test-cookie-key-0123456789'] },
  })
  provider.on('grant.saved', (grant) => {
    const set = grants.get(grant.accountId) ?? new Set<string>()
    set.add(grant.jti)
    grants.set(grant.accountId, set)
  })
  let tokenCalls = 0
  provider.use(async (ctx, next) => {
    if (ctx.method === 'POST' && ctx.path === '/token') tokenCalls++
    await next()
  })
  server.on('request', provider.callback())

  return {
    issuer,
    clientId,
    clientSecret,
    tokenRequests: () => tokenCalls,
    authorize: (url, authorizeOptions = {}) => driveInteractions(issuer, url, authorizeOptions),
    async revokeGrantsOf(accountId) {
      for (const jti of grants.get(accountId) ?? []) {
        const grant = await provider.Grant.find(jti)
        await grant?.destroy()
        // Refresh tokens belong to the grant; revoking the grant is how oidc-provider retires them.
        await provider.RefreshToken.revokeByGrantId(jti)
        await provider.AccessToken.revokeByGrantId(jti)
      }
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections()
        server.close((error) => (error ? reject(error) : resolve()))
      }),
  }
}

/** A cookie jar and manual redirects, as a browser would do them, through oidc-provider's dev pages. */
async function driveInteractions(
  issuer: string,
  start: string,
  options: { login?: string; deny?: boolean },
): Promise<URL> {
  const cookies = new Map<string, string>()
  const send = async (url: string, init: RequestInit = {}): Promise<Response> => {
    const response = await fetch(url, {
      ...init,
      redirect: 'manual',
      headers: {
        ...(init.headers as Record<string, string>),
        cookie: [...cookies].map(([k, v]) => `${k}=${v}`).join('; '),
      },
    })
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';')
      const index = pair!.indexOf('=')
      cookies.set(pair!.slice(0, index), pair!.slice(index + 1))
    }
    return response
  }
  let url = start
  for (let step = 0; step < 12; step++) {
    const response = await send(url)
    const location = response.headers.get('location')
    if (location) {
      const next = new URL(location, url)
      if (!next.href.startsWith(issuer)) return next
      url = next.href
      continue
    }
    const html = await response.text()
    if (response.status !== 200)
      throw new Error(`provider answered ${response.status}: ${html.slice(0, 300)}`)
    const uid = url.match(/\/interaction\/([^/?#]+)/)?.[1]
    if (!uid) throw new Error(`unexpected provider page at ${url}`)
    if (options.deny) {
      url = `${issuer}/interaction/${uid}/abort`
      continue
    }
    const body = html.includes('name="login"')
      ? new URLSearchParams({
          prompt: 'login',
          login: options.login ?? 'test-user',
          password: 'any',
        })
      : new URLSearchParams({ prompt: 'consent' })
    const submitted = await send(`${issuer}/interaction/${uid}`, {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    })
    const after = submitted.headers.get('location')
    if (!after) throw new Error(`interaction submit answered ${submitted.status}`)
    url = new URL(after, url).href
  }
  throw new Error('too many provider redirects')
}

/**
 * Writes catalog files for the connect-flow tests into a fresh temp dir (pass it as catalogDirs): two OAuth apps on
 * the test provider (two, for the mix-up case) and one API-key app without a verification request.
 */
export function writeTestCatalog(issuer: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'keyport-test-apps-'))
  const oauthApp = (id: string, name: string) => ({
    id,
    name,
    categories: ['developer-tools'],
    docsURL: 'https://example.com/docs',
    confirmation: 'unconfirmed',
    auth: {
      type: 'oauth2',
      authorizationURL: `${issuer}/auth`,
      tokenURL: `${issuer}/token`,
      revocationURL: `${issuer}/token/revocation`,
      issuer,
      scopes: ['openid', 'offline_access'],
      pkce: 'required',
      tokenEndpointAuthMethod: 'client_secret_basic',
      authorizationParams: { prompt: 'consent' },
      refresh: { supported: true, rotates: true },
    },
  })
  writeFileSync(join(dir, 'test-oidc.json'), JSON.stringify(oauthApp('test-oidc', 'Test OIDC')))
  writeFileSync(
    join(dir, 'test-oidc-two.json'),
    JSON.stringify(oauthApp('test-oidc-two', 'Test OIDC Two')),
  )
  writeFileSync(
    join(dir, 'test-key.json'),
    JSON.stringify({
      id: 'test-key',
      name: 'Test Key App',
      categories: ['developer-tools'],
      docsURL: 'https://example.com/docs',
      confirmation: 'unconfirmed',
      auth: {
        type: 'api_key',
        fields: [
          {
            name: 'account',
            displayName: 'Account name',
            secret: false,
            description: 'The name of your account',
          },
          {
            name: 'apiKey',
            displayName: 'API key',
            secret: true,
            pattern: 'tk_[a-z0-9]{8,}',
            patternMessage: 'An API key starts with tk_',
            placeholder: 'tk_…',
          },
        ],
        unverifiable: 'a test app with no server',
      },
    }),
  )
  return dir
}
