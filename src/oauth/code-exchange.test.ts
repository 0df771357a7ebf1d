import { describe, expect, it } from 'vitest'
import type { OAuth2Recipe } from '../catalog/index.js'
import { callbackValues, readAuthorizationResponse } from './code-exchange.js'

const recipe: OAuth2Recipe = {
  type: 'oauth2',
  authorizationURL: 'https://accounts.zoho.com/oauth/v2/auth',
  tokenURL: '{accounts-server:raw}/oauth/v2/token',
  issuer: 'https://accounts.zoho.com',
  scopes: [],
  pkce: 'supported',
  tokenEndpointAuthMethod: 'client_secret_post',
  refresh: { supported: true },
  callbackMetadata: ['accounts-server', 'location'],
}

describe('callback reading', () => {
  it('keeps declared callback values and refuses a server of another provider', () => {
    const ok = new URLSearchParams({
      code: 'c',
      location: 'eu',
      'accounts-server': 'https://accounts.zoho.eu',
      other: 'x',
    })
    expect(callbackValues(recipe, ok)).toEqual({
      'accounts-server': 'https://accounts.zoho.eu',
      location: 'eu',
    })
    for (const evil of ['https://evil.example', 'http://accounts.zoho.eu', 'javascript:alert(1)']) {
      expect(() =>
        callbackValues(recipe, new URLSearchParams({ 'accounts-server': evil })),
      ).toThrow(/another provider/)
    }
  })

  it('checks iss before reading an error, and wants a code', () => {
    expect(() =>
      readAuthorizationResponse(
        { recipe },
        new URLSearchParams({ error: 'access_denied', iss: 'https://evil.example' }),
      ),
    ).toThrow(/issuer_mismatch/)
    expect(() =>
      readAuthorizationResponse({ recipe }, new URLSearchParams({ state: 's' })),
    ).toThrow(/missing_code/)
    expect(
      readAuthorizationResponse(
        { recipe },
        new URLSearchParams({ code: 'abc', iss: 'https://accounts.zoho.com' }),
      ),
    ).toBe('abc')
  })
})
