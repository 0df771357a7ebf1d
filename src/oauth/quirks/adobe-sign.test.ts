import { afterEach, describe, expect, it } from 'vitest'
import { validateAuthorizationCode } from '../code-exchange.js'
import { refreshAccessToken } from '../refresh.js'
import { recipeOf, startLocalProvider, type LocalProvider } from './testing.js'

const recipe = recipeOf('adobe-acrobat-sign')
const client = { clientId: 'sign-client', clientSecret: 'sign-secret' }
const connection = { shard: 'eu1' }
let provider: LocalProvider | null = null
afterEach(async () => {
  await provider?.close()
  provider = null
})

describe('adobe-sign', () => {
  it('exchanges the code at /oauth/v2/token and refreshes at /oauth/v2/refresh', async () => {
    provider = await startLocalProvider(() => ({
      json: { access_token: 'at', refresh_token: 'rt', token_type: 'Bearer', expires_in: 3600 },
    }))
    await validateAuthorizationCode({
      recipe,
      client,
      connection,
      code: 'code-1',
      redirectURI: 'https://keyport.example/oauth/callback',
      codeVerifier: null,
      fetch: provider.fetch,
    })
    const refreshed = await refreshAccessToken({
      recipe,
      client,
      connection,
      refreshToken: 'rt',
      fetch: provider.fetch,
    })

    const [code, refresh] = provider.requests
    expect(code!.host).toBe('api.eu1.adobesign.com')
    expect(code!.path).toBe('/oauth/v2/token')
    expect(refresh!.method).toBe('POST')
    expect(refresh!.host).toBe('api.eu1.adobesign.com')
    expect(refresh!.path).toBe('/oauth/v2/refresh')
    const body = new URLSearchParams(refresh!.body)
    expect(body.get('grant_type')).toBe('refresh_token')
    expect(body.get('refresh_token')).toBe('rt')
    expect(body.get('client_id')).toBe('sign-client')
    expect(body.get('client_secret')).toBe('sign-secret')
    expect(refreshed.accessToken).toBe('at')
  })
})
