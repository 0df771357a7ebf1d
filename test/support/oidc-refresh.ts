// Helpers for refresh tests: a private catalog app pointing at the in-process oidc-provider, and one real
// authorization-code connection through it to get tokens to import into Keyport.
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { OAuth2Recipe } from '../../src/catalog/index.js'
import {
  createAuthorizationURL,
  generateCodeVerifier,
  generateState,
  readAuthorizationResponse,
  validateAuthorizationCode,
  type TokenResult,
} from '../../src/oauth/index.js'
import type { Harness } from './harness.js'
import type { TestProvider } from './oidc-provider.js'
import { loopbackFetch } from './loopback-fetch.js'

export const REFRESH_APP = 'local-oidc'
export const REFRESH_REDIRECT = 'http://localhost:3000/oauth/callback/local-oidc'

export function refreshRecipe(
  provider: TestProvider,
  tokenURL = `${provider.issuer}/token`,
): OAuth2Recipe {
  return {
    type: 'oauth2',
    authorizationURL: `${provider.issuer}/auth`,
    tokenURL,
    revocationURL: `${provider.issuer}/token/revocation`,
    issuer: provider.issuer,
    scopes: ['openid', 'offline_access'],
    pkce: 'required',
    tokenEndpointAuthMethod: 'client_secret_basic',
    authorizationParams: { prompt: 'consent' },
    refresh: { supported: true, rotates: true, marginSeconds: 60 },
  }
}

/**
 * A KEYPORT_CATALOG_DIRS directory holding one app, `local-oidc`, backed by the test provider (its token endpoint
 * optionally reached through a proxy).
 */
export function writeRefreshCatalog(provider: TestProvider, tokenURL?: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'keyport-refresh-catalog-'))
  const app = {
    id: REFRESH_APP,
    name: 'Local OIDC',
    categories: ['other'],
    docsURL: 'https://example.com/docs',
    confirmation: 'unconfirmed',
    auth: refreshRecipe(provider, tokenURL),
  }
  writeFileSync(join(dir, `${REFRESH_APP}.json`), JSON.stringify(app, null, 2))
  return dir
}

/** Logs `login` in at the provider and exchanges the code: real tokens, a real grant. */
export async function connectAtProvider(
  provider: TestProvider,
  login: string,
): Promise<TokenResult> {
  const recipe = refreshRecipe(provider)
  const state = generateState()
  const codeVerifier = generateCodeVerifier()
  const url = await createAuthorizationURL({
    recipe,
    clientId: provider.clientId,
    redirectURI: REFRESH_REDIRECT,
    state,
    codeVerifier,
  })
  const callback = await provider.authorize(url.href, { login })
  const code = readAuthorizationResponse({ recipe }, callback.searchParams)
  return validateAuthorizationCode({
    fetch: loopbackFetch,
    recipe,
    client: { clientId: provider.clientId, clientSecret: provider.clientSecret },
    code,
    redirectURI: REFRESH_REDIRECT,
    codeVerifier,
  })
}

/**
 * A real grant at the provider for `login`, imported into Keyport (POST /v1/credentials/import) for a new user of
 * that name (with `email` when given); `refreshToken` and `expiresAt` replace what is imported (a refresh token
 * the provider never issued, a past expiry). Returns the credential id.
 */
export async function importGrant(
  h: Pick<Harness, 'request'>,
  provider: TestProvider,
  login: string,
  options: { refreshToken?: string; expiresAt?: string; email?: string } = {},
): Promise<string> {
  const granted = await connectAtProvider(provider, login)
  const user = await h.request('POST', '/v1/users', {
    body: { username: login, ...(options.email ? { email: options.email } : {}) },
  })
  const imported = await h.request('POST', '/v1/credentials/import', {
    body: {
      userId: user.json().userId,
      app: REFRESH_APP,
      tokens: {
        accessToken: granted.accessToken,
        refreshToken: options.refreshToken ?? granted.refreshToken!,
        expiresAt: options.expiresAt ?? granted.expiresAt!,
      },
    },
  })
  if (imported.statusCode !== 201)
    throw new Error(`POST /v1/credentials/import answered ${imported.statusCode}: ${imported.body}`)
  return imported.json().credentialId
}

/**
 * A proxy in front of the provider's token endpoint that can stall a token request either before the provider
 * sees it or after the provider answered (before Keyport gets the answer): the two sides of the crash window.
 */
export interface TokenProxy {
  url: string
  /** Token requests that reached the proxy. */
  seen(): number
  stall(mode: 'none' | 'before-provider' | 'after-provider' | 'unavailable'): void
  waitForStalled(): Promise<void>
  close(): Promise<void>
}

export async function startTokenProxy(provider: TestProvider): Promise<TokenProxy> {
  const { createServer } = await import('node:http')
  let mode: 'none' | 'before-provider' | 'after-provider' | 'unavailable' = 'none'
  let seen = 0
  let stalled: () => void = () => undefined
  let stalledPromise = new Promise<void>((r) => (stalled = r))
  const server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', async () => {
      seen++
      const current = mode
      if (current === 'before-provider') return stalled() // never forwarded, never answered
      if (current === 'unavailable')
        return void res.writeHead(503, { 'content-type': 'text/html' }).end('<h1>down</h1>')
      const upstream = await fetch(`${provider.issuer}${req.url}`, {
        method: 'POST',
        headers: Object.fromEntries(
          Object.entries(req.headers).filter(
            ([k]) => !['host', 'content-length', 'connection'].includes(k),
          ),
        ) as Record<string, string>,
        body: Buffer.concat(chunks),
      })
      const body = Buffer.from(await upstream.arrayBuffer())
      if (current === 'after-provider') return stalled() // the provider rotated the token; Keyport never hears
      res
        .writeHead(upstream.status, {
          'content-type': upstream.headers.get('content-type') ?? 'application/json',
        })
        .end(body)
    })
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  const { port } = server.address() as { port: number }
  return {
    url: `http://127.0.0.1:${port}/token`,
    seen: () => seen,
    stall(next) {
      mode = next
      stalledPromise = new Promise<void>((r) => (stalled = r))
    },
    waitForStalled: () => stalledPromise,
    close() {
      server.closeAllConnections()
      return new Promise((r) => server.close(() => r()))
    },
  }
}
