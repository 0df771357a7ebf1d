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
import type { TestProvider } from './oidc-provider.js'

export const REFRESH_APP = 'local-oidc'
export const REFRESH_REDIRECT = 'http://localhost:3000/oauth/callback/local-oidc'

export function refreshRecipe(provider: TestProvider): OAuth2Recipe {
  return {
    type: 'oauth2',
    authorizationURL: `${provider.issuer}/auth`,
    tokenURL: `${provider.issuer}/token`,
    revocationURL: `${provider.issuer}/token/revocation`,
    issuer: provider.issuer,
    scopes: ['openid', 'offline_access'],
    pkce: 'required',
    tokenEndpointAuthMethod: 'client_secret_basic',
    authorizationParams: { prompt: 'consent' },
    refresh: { supported: true, rotates: true, marginSeconds: 60 },
  }
}

/** A KEYPORT_CATALOG_DIRS directory holding one app, `local-oidc`, backed by the test provider. */
export function writeRefreshCatalog(provider: TestProvider): string {
  const dir = mkdtempSync(join(tmpdir(), 'keyport-refresh-catalog-'))
  const app = {
    id: REFRESH_APP,
    name: 'Local OIDC',
    categories: ['other'],
    docsURL: 'https://example.com/docs',
    confirmation: 'unconfirmed',
    auth: refreshRecipe(provider),
  }
  writeFileSync(join(dir, `${REFRESH_APP}.json`), JSON.stringify(app, null, 2))
  return dir
}

/** Logs `login` in at the provider and exchanges the code: real tokens, a real grant. */
export async function connectAtProvider(provider: TestProvider, login: string): Promise<TokenResult> {
  const recipe = refreshRecipe(provider)
  const state = generateState()
  const codeVerifier = generateCodeVerifier()
  const url = await createAuthorizationURL({ recipe, clientId: provider.clientId, redirectURI: REFRESH_REDIRECT, state, codeVerifier })
  const callback = await provider.authorize(url.href, { login })
  const code = readAuthorizationResponse({ recipe }, callback.searchParams)
  return validateAuthorizationCode({
    recipe,
    client: { clientId: provider.clientId, clientSecret: provider.clientSecret },
    code,
    redirectURI: REFRESH_REDIRECT,
    codeVerifier,
  })
}
