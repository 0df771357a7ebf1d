// The OAuth client against a real authorization server (oidc-provider@8 on loopback): authorization URL, code
// exchange with PKCE, refresh with rotation, revocation, and invalid_grant afterwards.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { OAuth2Recipe } from '../catalog/index.js'
import { startTestProvider, type TestProvider } from '../../test/support/oidc-provider.js'
import {
  AuthorizationResponseError,
  OAuthNetworkError,
  OAuthResponseError,
  createAuthorizationURL,
  generateCodeVerifier,
  generateState,
  readAuthorizationResponse,
  refreshAccessToken,
  revokeToken,
  validateAuthorizationCode,
} from './index.js'
import { loopbackFetch } from '../../test/support/loopback-fetch.js'

const REDIRECT = 'http://localhost:3000/oauth/callback/test-oidc'

describe('OAuth client against oidc-provider', () => {
  let provider: TestProvider
  let recipe: OAuth2Recipe
  const client = () => ({ clientId: provider.clientId, clientSecret: provider.clientSecret })

  beforeAll(async () => {
    provider = await startTestProvider({ redirectURIs: [REDIRECT] })
    recipe = {
      type: 'oauth2',
      authorizationURL: `${provider.issuer}/auth`,
      tokenURL: `${provider.issuer}/token`,
      revocationURL: `${provider.issuer}/token/revocation`,
      issuer: provider.issuer,
      scopes: ['openid', 'offline_access'],
      pkce: 'required',
      tokenEndpointAuthMethod: 'client_secret_basic',
      authorizationParams: { prompt: 'consent' },
      refresh: { supported: true, rotates: true },
    }
  })
  afterAll(async () => provider?.close())

  async function connect(): Promise<Awaited<ReturnType<typeof validateAuthorizationCode>>> {
    const state = generateState()
    const codeVerifier = generateCodeVerifier()
    const url = await createAuthorizationURL({
      recipe,
      clientId: provider.clientId,
      redirectURI: REDIRECT,
      state,
      codeVerifier,
    })
    const callback = await provider.authorize(url.href)
    expect(callback.searchParams.get('state')).toBe(state)
    const code = readAuthorizationResponse({ recipe }, callback.searchParams)
    return validateAuthorizationCode({
      fetch: loopbackFetch,
      recipe,
      client: client(),
      code,
      redirectURI: REDIRECT,
      codeVerifier,
    })
  }

  it('builds an authorization URL with S256 PKCE, state, scopes and extra parameters', async () => {
    const url = await createAuthorizationURL({
      recipe,
      clientId: 'abc',
      redirectURI: REDIRECT,
      state: 'st',
      codeVerifier: 'v'.repeat(43),
    })
    expect(url.origin + url.pathname).toBe(`${provider.issuer}/auth`)
    expect(Object.fromEntries(url.searchParams)).toMatchObject({
      response_type: 'code',
      client_id: 'abc',
      redirect_uri: REDIRECT,
      scope: 'openid offline_access',
      state: 'st',
      code_challenge_method: 'S256',
      prompt: 'consent',
    })
    expect(url.searchParams.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/)
    const noPKCE = await createAuthorizationURL({
      recipe: { ...recipe, pkce: 'unsupported' },
      clientId: 'a',
      redirectURI: REDIRECT,
      state: 's',
      codeVerifier: null,
    })
    expect(noPKCE.searchParams.has('code_challenge')).toBe(false)
  })

  it('exchanges a code with PKCE, refreshes with rotation, and gets invalid_grant for the rotated-out token', async () => {
    const before = Date.now()
    const tokens = await connect()
    expect(tokens.accessToken).toEqual(expect.any(String))
    expect(tokens.tokenType).toBe('Bearer')
    expect(tokens.refreshToken).toEqual(expect.any(String))
    expect(tokens.idToken).toEqual(expect.any(String))
    expect(tokens.scope).toContain('openid')
    expect(Date.parse(tokens.expiresAt!)).toBeGreaterThan(before + 3500_000)

    const refreshed = await refreshAccessToken({
      fetch: loopbackFetch,
      recipe,
      client: client(),
      refreshToken: tokens.refreshToken!,
    })
    expect(refreshed.accessToken).not.toBe(tokens.accessToken)
    expect(refreshed.refreshToken).toEqual(expect.any(String))
    expect(refreshed.refreshToken).not.toBe(tokens.refreshToken)

    const replay = refreshAccessToken({
      fetch: loopbackFetch,
      recipe,
      client: client(),
      refreshToken: tokens.refreshToken!,
    })
    await expect(replay).rejects.toBeInstanceOf(OAuthResponseError)
    await expect(replay).rejects.toMatchObject({ error: 'invalid_grant', status: 400 })
  })

  it('revokes a refresh token (RFC 7009), after which refreshing fails with invalid_grant', async () => {
    const tokens = await connect()
    expect(
      await revokeToken({
        fetch: loopbackFetch,
        recipe,
        client: client(),
        token: tokens.refreshToken!,
        tokenTypeHint: 'refresh_token',
      }),
    ).toBe(true)
    await expect(
      refreshAccessToken({
        fetch: loopbackFetch,
        recipe,
        client: client(),
        refreshToken: tokens.refreshToken!,
      }),
    ).rejects.toMatchObject({
      error: 'invalid_grant',
    })
    expect(
      await revokeToken({
        fetch: loopbackFetch,
        recipe: { ...recipe, revocationURL: undefined },
        client: client(),
        token: 'x',
      }),
    ).toBe(false)
  })

  it('gets invalid_grant after the user revokes the grant at the provider', async () => {
    const tokens = await connect()
    await provider.revokeGrantsOf('test-user')
    await expect(
      refreshAccessToken({
        fetch: loopbackFetch,
        recipe,
        client: client(),
        refreshToken: tokens.refreshToken!,
      }),
    ).rejects.toMatchObject({
      error: 'invalid_grant',
    })
  })

  it('refuses a code exchanged with the wrong PKCE verifier, and a wrong client secret', async () => {
    const state = generateState()
    const url = await createAuthorizationURL({
      recipe,
      clientId: provider.clientId,
      redirectURI: REDIRECT,
      state,
      codeVerifier: generateCodeVerifier(),
    })
    const code = readAuthorizationResponse(
      { recipe },
      (await provider.authorize(url.href)).searchParams,
    )
    await expect(
      validateAuthorizationCode({
        fetch: loopbackFetch,
        recipe,
        client: client(),
        code,
        redirectURI: REDIRECT,
        codeVerifier: generateCodeVerifier(),
      }),
    ).rejects.toMatchObject({ name: 'OAuthResponseError', error: 'invalid_grant' })
    await expect(
      refreshAccessToken({
        fetch: loopbackFetch,
        recipe,
        client: { clientId: provider.clientId, clientSecret: 'wrong' },
        refreshToken: 'x',
      }),
    ).rejects.toMatchObject({ error: 'invalid_client', status: 401 })
  })

  it('sends client_secret_post when the recipe says so', async () => {
    const post = await startTestProvider({
      redirectURIs: [REDIRECT],
      tokenEndpointAuthMethod: 'client_secret_post',
    })
    try {
      const postRecipe = {
        ...recipe,
        authorizationURL: `${post.issuer}/auth`,
        tokenURL: `${post.issuer}/token`,
        issuer: post.issuer,
        tokenEndpointAuthMethod: 'client_secret_post' as const,
      }
      const verifier = generateCodeVerifier()
      const url = await createAuthorizationURL({
        recipe: postRecipe,
        clientId: post.clientId,
        redirectURI: REDIRECT,
        state: generateState(),
        codeVerifier: verifier,
      })
      const code = readAuthorizationResponse(
        { recipe: postRecipe },
        (await post.authorize(url.href)).searchParams,
      )
      const tokens = await validateAuthorizationCode({
        fetch: loopbackFetch,
        recipe: postRecipe,
        client: { clientId: post.clientId, clientSecret: post.clientSecret },
        code,
        redirectURI: REDIRECT,
        codeVerifier: verifier,
      })
      expect(tokens.accessToken).toEqual(expect.any(String))
    } finally {
      await post.close()
    }
  })

  it('reads access_denied and a foreign iss from the callback as AuthorizationResponseError', async () => {
    const url = await createAuthorizationURL({
      recipe,
      clientId: provider.clientId,
      redirectURI: REDIRECT,
      state: generateState(),
      codeVerifier: generateCodeVerifier(),
    })
    const denied = await provider.authorize(url.href, { deny: true })
    expect(() => readAuthorizationResponse({ recipe }, denied.searchParams)).toThrow(
      AuthorizationResponseError,
    )
    try {
      readAuthorizationResponse({ recipe }, denied.searchParams)
    } catch (error) {
      expect((error as AuthorizationResponseError).error).toBe('access_denied')
    }
    const forged = new URLSearchParams({ code: 'c', state: 's', iss: 'https://evil.example' })
    expect(() => readAuthorizationResponse({ recipe }, forged)).toThrow(/issuer_mismatch/)
    // Without a declared issuer there is nothing to compare against.
    expect(readAuthorizationResponse({ recipe: { ...recipe, issuer: undefined } }, forged)).toBe(
      'c',
    )
  })

  it('reports an unreachable token endpoint as OAuthNetworkError', async () => {
    const down = { ...recipe, tokenURL: 'http://127.0.0.1:9/token' }
    await expect(
      refreshAccessToken({
        fetch: loopbackFetch,
        recipe: down,
        client: client(),
        refreshToken: 'r',
      }),
    ).rejects.toBeInstanceOf(OAuthNetworkError)
  })
})
