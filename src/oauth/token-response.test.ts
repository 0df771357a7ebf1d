// The three ways a token request fails, told apart, and the lenient reading of harmless provider differences.
import { describe, expect, it } from 'vitest'
import type { OAuth2Recipe } from '../catalog/index.js'
import { OAuthNetworkError, OAuthResponseError, OAuthUnexpectedResponseError } from './errors.js'
import { refreshAccessToken } from './refresh.js'
import { processTokenResponse } from './token-response.js'

const recipe: OAuth2Recipe = {
  type: 'oauth2',
  authorizationURL: 'https://example.test/authorize',
  tokenURL: 'https://{shop}.example.test/token',
  scopes: [],
  pkce: 'required',
  tokenEndpointAuthMethod: 'client_secret_post',
  refresh: { supported: true },
  tokenParams: { audience: 'api-{shop}' },
  accessTokenLifetimeSeconds: 7200,
}
const now = new Date('2026-01-01T00:00:00Z')
const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } })

describe('processTokenResponse', () => {
  it('uses the documented lifetime when expires_in is absent, and reads string expires_in and array scopes', async () => {
    expect(await processTokenResponse(recipe, json({ access_token: 'a' }), now)).toEqual({
      accessToken: 'a',
      tokenType: 'Bearer',
      refreshToken: null,
      expiresAt: '2026-01-01T02:00:00.000Z',
      scope: null,
      idToken: null,
      metadata: {},
    })
    const odd = await processTokenResponse(
      recipe,
      json({ access_token: 'a', token_type: 'bearer', expires_in: '60', scope: ['a', 'b'] }),
      now,
    )
    expect(odd).toMatchObject({
      expiresAt: '2026-01-01T00:01:00.000Z',
      scope: 'a b',
      tokenType: 'Bearer',
    })
    const noExpiry = await processTokenResponse(
      { ...recipe, accessTokenLifetimeSeconds: undefined },
      json({ access_token: 'a' }),
      now,
    )
    expect(noExpiry.expiresAt).toBeNull()
  })

  it('caps a huge expires_in at ten years and falls back to the documented lifetime for a negative one', async () => {
    for (const expires_in of [1e12, 1e300, '99999999999']) {
      const tokens = await processTokenResponse(
        recipe,
        json({ access_token: 'a', expires_in }),
        now,
      )
      expect(tokens.expiresAt, String(expires_in)).toBe('2035-12-30T00:00:00.000Z')
    }
    for (const expires_in of [-60, 'soon', null, '1e400']) {
      const tokens = await processTokenResponse(
        recipe,
        json({ access_token: 'a', expires_in }),
        now,
      )
      expect(tokens.expiresAt, String(expires_in)).toBe('2026-01-01T02:00:00.000Z')
    }
  })

  it('reads form-encoded answers', async () => {
    const response = new Response('access_token=gho_x&scope=repo&token_type=bearer', {
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    })
    expect(await processTokenResponse(recipe, response, now)).toMatchObject({
      accessToken: 'gho_x',
      scope: 'repo',
    })
  })

  it('tells an OAuth error body from an unexpected response', async () => {
    await expect(
      processTokenResponse(
        recipe,
        json({ error: 'invalid_grant', error_description: 'revoked' }, 400),
        now,
      ),
    ).rejects.toMatchObject({
      name: 'OAuthResponseError',
      error: 'invalid_grant',
      description: 'revoked',
      status: 400,
    })
    const transient = await processTokenResponse(
      recipe,
      json({ error: 'temporarily_unavailable' }, 503),
      now,
    ).catch((e) => e)
    expect(transient).toBeInstanceOf(OAuthResponseError)
    expect(transient.transient).toBe(true)
    await expect(
      processTokenResponse(recipe, new Response('<html>Bad gateway</html>', { status: 502 }), now),
    ).rejects.toBeInstanceOf(OAuthUnexpectedResponseError)
    await expect(processTokenResponse(recipe, json({ token_type: 'bearer' }), now)).rejects.toThrow(
      /no access_token/,
    )
    await expect(
      processTokenResponse(
        recipe,
        new Response(null, { status: 302, headers: { location: '/login' } }),
        now,
      ),
    ).rejects.toBeInstanceOf(OAuthUnexpectedResponseError)
  })
})

describe('refreshAccessToken request', () => {
  it('fills placeholders, sends client_secret_post and tokenParams, and never puts the token in an error', async () => {
    let seen: { url: string; body: URLSearchParams; headers: Headers } | null = null
    const fetch = (async (url: string, init: RequestInit) => {
      seen = {
        url,
        body: new URLSearchParams(init.body as URLSearchParams),
        headers: new Headers(init.headers),
      }
      return json({ error: 'invalid_grant' }, 400)
    }) as unknown as typeof globalThis.fetch
    const error = await refreshAccessToken({
      recipe,
      client: { clientId: 'cid', clientSecret: 'csecret' },
      refreshToken: 'rt-secret-value',
      connection: { shop: 'acme' },
      fetch,
    }).catch((e) => e)
    expect(seen!.url).toBe('https://acme.example.test/token')
    expect(Object.fromEntries(seen!.body)).toEqual({
      grant_type: 'refresh_token',
      refresh_token: 'rt-secret-value',
      audience: 'api-acme',
      client_id: 'cid',
      client_secret: 'csecret',
    })
    expect(seen!.headers.get('authorization')).toBeNull()
    expect(error).toBeInstanceOf(OAuthResponseError)
    expect(String(error.message)).not.toContain('rt-secret-value')
  })

  it('wraps a fetch that throws as OAuthNetworkError', async () => {
    const fetch = (async () => {
      throw new TypeError('fetch failed')
    }) as unknown as typeof globalThis.fetch
    await expect(
      refreshAccessToken({
        recipe,
        client: { clientId: 'c', clientSecret: 's' },
        refreshToken: 'r',
        connection: { shop: 'x' },
        fetch,
      }),
    ).rejects.toBeInstanceOf(OAuthNetworkError)
  })
})
