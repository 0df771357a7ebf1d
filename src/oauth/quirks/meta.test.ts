import { afterEach, describe, expect, it } from 'vitest'
import { OAuthResponseError } from '../errors.js'
import {
  recipeOf,
  exchangeCodeWithQuirk,
  startLocalProvider,
  type LocalProvider,
} from './testing.js'

const client = { clientId: 'app-1', clientSecret: 'app-secret-1' }
const now = new Date('2026-11-28T12:00:00.000Z')
let provider: LocalProvider | null = null
afterEach(async () => {
  await provider?.close()
  provider = null
})

describe.each(['facebook', 'facebook-pages'])('meta (%s)', (id) => {
  const recipe = recipeOf(id)
  const exchange = (fetch: typeof globalThis.fetch) =>
    exchangeCodeWithQuirk({
      recipe,
      client,
      fetch,
      now: () => now,
      code: 'fb-code',
      redirectURI: 'https://keyport.example/oauth/callback',
      codeVerifier: null,
    })

  it('swaps the short-lived token for a long-lived one at the Graph token endpoint', async () => {
    provider = await startLocalProvider((req) =>
      req.method === 'POST'
        ? { json: { access_token: 'short-lived', token_type: 'bearer', expires_in: 5400 } }
        : { json: { access_token: 'long-lived', token_type: 'bearer', expires_in: 5_183_944 } },
    )
    const result = await exchange(provider.fetch)

    expect(provider.requests).toHaveLength(2)
    const [code, swap] = provider.requests
    expect(new URLSearchParams(code!.body).get('grant_type')).toBe('authorization_code')
    expect(swap!.method).toBe('GET')
    expect(swap!.host).toBe('graph.facebook.com')
    const url = new URL(swap!.path, 'https://graph.facebook.com')
    expect(url.pathname).toBe('/v23.0/oauth/access_token')
    expect(Object.fromEntries(url.searchParams)).toEqual({
      grant_type: 'fb_exchange_token',
      client_id: 'app-1',
      client_secret: 'app-secret-1',
      fb_exchange_token: 'short-lived',
    })
    expect(result.accessToken).toBe('long-lived')
    expect(result.refreshToken).toBeNull()
    expect(result.expiresAt).toBe(new Date(now.getTime() + 5_183_944_000).toISOString())
  })

  it('reads a Graph error from the swap as an OAuth error without the secrets', async () => {
    provider = await startLocalProvider((req) =>
      req.method === 'POST'
        ? { json: { access_token: 'short-lived', token_type: 'bearer', expires_in: 5400 } }
        : {
            status: 400,
            json: { error: { message: 'Error validating application', type: 'OAuthException' } },
          },
    )
    const error = await exchange(provider.fetch).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(OAuthResponseError)
    expect((error as OAuthResponseError).error).toBe('OAuthException')
    expect(String((error as Error).message)).not.toMatch(/app-secret-1|short-lived/)
  })

  it('reads a Graph error from the code exchange the same way', async () => {
    provider = await startLocalProvider(() => ({
      status: 400,
      json: { error: { message: 'This authorization code has expired.', type: 'OAuthException' } },
    }))
    const error = await exchange(provider.fetch).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(OAuthResponseError)
    expect(provider.requests).toHaveLength(1)
  })
})
