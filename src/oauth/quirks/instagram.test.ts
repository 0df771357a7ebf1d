import { afterEach, describe, expect, it } from 'vitest'
import { OAuthNetworkError, OAuthResponseError, OAuthUnexpectedResponseError } from '../errors.js'
import { refreshAccessToken } from '../refresh.js'
import { accessTokenExtension } from './hooks.js'
import {
  recipeOf,
  exchangeCodeWithQuirk,
  startLocalProvider,
  type LocalProvider,
} from './testing.js'

const recipe = recipeOf('instagram')
const client = { clientId: '990602627938098', clientSecret: 'ig-secret-1' }
const now = new Date('2026-11-28T12:00:00.000Z')
let provider: LocalProvider | null = null
afterEach(async () => {
  await provider?.close()
  provider = null
})

const exchange = (fetch: typeof globalThis.fetch) =>
  exchangeCodeWithQuirk({
    recipe,
    client,
    fetch,
    now: () => now,
    code: 'ig-code',
    redirectURI: 'https://keyport.example/oauth/callback',
    codeVerifier: null,
  })

describe('instagram', () => {
  it.each([
    [
      'wrapped in data',
      {
        data: [
          { access_token: 'IG-short', user_id: 1020, permissions: 'instagram_business_basic' },
        ],
      },
    ],
    [
      'flat',
      { access_token: 'IG-short', user_id: 1020, permissions: ['instagram_business_basic'] },
    ],
  ])('reads the code answer %s and swaps it for a 60-day token', async (_, answer) => {
    provider = await startLocalProvider((req) =>
      req.method === 'POST'
        ? { json: answer }
        : { json: { access_token: 'IG-long', token_type: 'bearer', expires_in: 5_184_000 } },
    )
    const result = await exchange(provider.fetch)

    const [code, swap] = provider.requests
    expect(code!.host).toBe('api.instagram.com')
    expect(swap!.method).toBe('GET')
    expect(swap!.host).toBe('graph.instagram.com')
    const url = new URL(swap!.path, 'https://graph.instagram.com')
    expect(url.pathname).toBe('/access_token')
    expect(Object.fromEntries(url.searchParams)).toEqual({
      grant_type: 'ig_exchange_token',
      client_secret: 'ig-secret-1',
      access_token: 'IG-short',
    })
    expect(result.accessToken).toBe('IG-long')
    expect(result.scope).toBe('instagram_business_basic')
    expect(result.refreshToken).toBeNull()
    expect(result.expiresAt).toBe(new Date(now.getTime() + 5_184_000_000).toISOString())
  })

  it('reads the Instagram error shape of the code exchange as an OAuth error', async () => {
    provider = await startLocalProvider(() => ({
      status: 400,
      json: {
        error_type: 'OAuthException',
        code: 400,
        error_message: 'Matching code was not found or was already used',
      },
    }))
    const error = await exchange(provider.fetch).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(OAuthResponseError)
    expect((error as OAuthResponseError).error).toBe('OAuthException')
    expect(provider.requests).toHaveLength(1)
  })

  it('fails the connection when the swap fails, without the secret in the message', async () => {
    provider = await startLocalProvider((req) =>
      req.method === 'POST'
        ? { json: { data: [{ access_token: 'IG-short', user_id: 1 }] } }
        : {
            status: 400,
            json: { error: { message: 'Invalid OAuth access token', type: 'OAuthException' } },
          },
    )
    const error = await exchange(provider.fetch).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(OAuthResponseError)
    expect((error as Error).message).not.toMatch(/ig-secret-1|IG-short/)
  })
})

describe('instagram token extension (ig_refresh_token)', () => {
  const token = 'IGAAlongLivedToken0123456789abcdef'
  const extend = (fetch: typeof globalThis.fetch) =>
    refreshAccessToken({
      recipe,
      client,
      refreshToken: null,
      accessToken: token,
      fetch,
      now: () => now,
    })

  it('is how a credential without a refresh token is refreshed, from 24 hours of age on', () => {
    expect(accessTokenExtension('instagram')).toEqual({ minimumAgeSeconds: 86_400 })
    expect(accessTokenExtension('meta')).toBeNull()
    expect(accessTokenExtension(undefined)).toBeNull()
  })

  it('GETs graph.instagram.com/refresh_access_token with the token and keeps the new 60-day token', async () => {
    provider = await startLocalProvider(() => ({
      json: { access_token: 'IGAAextended', token_type: 'bearer', expires_in: 5_183_944 },
    }))
    const result = await extend(provider.fetch)

    expect(provider.requests).toHaveLength(1)
    const [request] = provider.requests
    expect(request!.method).toBe('GET')
    expect(request!.host).toBe('graph.instagram.com')
    expect(request!.body).toBe('')
    const url = new URL(request!.path, 'https://graph.instagram.com')
    expect(url.pathname).toBe('/refresh_access_token')
    expect([...url.searchParams]).toEqual([
      ['grant_type', 'ig_refresh_token'],
      ['access_token', token],
    ])
    expect(result).toMatchObject({
      accessToken: 'IGAAextended',
      tokenType: 'Bearer',
      refreshToken: null,
      expiresAt: new Date(now.getTime() + 5_183_944_000).toISOString(),
    })
  })

  it('reads Graph code 190 as invalid_grant, without the token Graph quotes back', async () => {
    provider = await startLocalProvider(() => ({
      status: 400,
      json: {
        error: {
          message: `Malformed access token ${token}`,
          type: 'OAuthException',
          code: 190,
          fbtrace_id: 'A1b2',
        },
      },
    }))
    const error = await extend(provider.fetch).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(OAuthResponseError)
    expect((error as OAuthResponseError).error).toBe('invalid_grant')
    expect((error as OAuthResponseError).description).toBe('Malformed access token [access_token]')
    expect((error as Error).message).not.toContain(token)
  })

  it('leaves other Graph errors and 5xx as they are (retried, not expiry)', async () => {
    provider = await startLocalProvider((req) =>
      req.path.includes('busy')
        ? { status: 500, text: '<html>oops</html>', type: 'text/html' }
        : {
            status: 500,
            json: { error: { message: 'Service temporarily unavailable', type: 'x', code: 2 } },
          },
    )
    const graph = await extend(provider.fetch).catch((e: unknown) => e)
    expect(graph).toBeInstanceOf(OAuthResponseError)
    expect((graph as OAuthResponseError).error).not.toBe('invalid_grant')
    expect((graph as OAuthResponseError).transient).toBe(true)

    const busy = (async (input: string | URL | Request, init?: RequestInit) => {
      const url = new URL(String(input instanceof Request ? input.url : input))
      url.pathname = '/busy'
      return provider!.fetch(url, init)
    }) as typeof fetch
    const html = await extend(busy).catch((e: unknown) => e)
    expect(html).toBeInstanceOf(OAuthUnexpectedResponseError)
    expect((html as Error).message).not.toContain(token)
  })

  it('keeps the token out of a network error, even when the fetch error quotes the URL', async () => {
    const failing = (async (input: string | URL | Request) => {
      throw new TypeError(`fetch failed: ${String(input)}`)
    }) as typeof fetch
    const error = await extend(failing).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(OAuthNetworkError)
    expect((error as Error).message).toBe('could not reach graph.instagram.com')
    expect((error as Error).cause).toBeUndefined()
  })
})
