import { afterEach, describe, expect, it } from 'vitest'
import { createAuthorizationURL } from '../authorization-url.js'
import { validateAuthorizationCode } from '../code-exchange.js'
import { OAuthResponseError, OAuthUnexpectedResponseError } from '../errors.js'
import { refreshAccessToken } from '../refresh.js'
import { revokeToken } from '../revoke.js'
import type { TokenResult } from '../types.js'
import {
  quirkAuthorizationURL,
  quirkCallbackParams,
  quirkConnectionMetadata,
  quirkFetch,
} from './hooks.js'
import { hasQuirk } from './index.js'
import { recipeOf, startLocalProvider, type LocalProvider } from './testing.js'

const client = { clientId: 'client-1', clientSecret: 'secret-1' }
const redirectURI = 'https://keyport.example/oauth/callback'
const tokens = (accessToken: string): TokenResult => ({
  accessToken,
  tokenType: 'Bearer',
  refreshToken: null,
  expiresAt: null,
  scope: null,
  idToken: null,
  metadata: {},
})
const jwtWith = (claims: Record<string, unknown>) =>
  `e30.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.sig`

let provider: LocalProvider | null = null
afterEach(async () => {
  await provider?.close()
  provider = null
})

describe('quirks registry', () => {
  it('has the provider modules', () => {
    for (const name of ['atlassian', 'mailchimp', 'quickbooks', 'square', 'tiktok', 'xero'])
      expect(hasQuirk(name), name).toBe(true)
  })
})

describe('square', () => {
  const recipe = recipeOf('square')
  const connection = { environment: 'squareupsandbox' }
  const token = 'https://connect.squareupsandbox.com/oauth2/token'

  it('sends ObtainToken as JSON and reads expires_at', async () => {
    const expiresAt = new Date(Date.now() + 30 * 86400_000).toISOString()
    provider = await startLocalProvider(() => ({
      json: {
        access_token: 'EAAA-access',
        token_type: 'bearer',
        expires_at: expiresAt,
        merchant_id: 'M123',
        refresh_token: 'EQAA-refresh',
      },
    }))
    const result = await validateAuthorizationCode({
      recipe,
      client,
      connection,
      code: 'sq0cgp-code',
      redirectURI,
      codeVerifier: 'v'.repeat(43),
      fetch: quirkFetch('square', provider.fetch, { token }),
    })
    const sent = provider.requests[0]!
    expect(sent.host).toBe('connect.squareupsandbox.com')
    expect(sent.headers['content-type']).toBe('application/json')
    expect(JSON.parse(sent.body)).toMatchObject({
      grant_type: 'authorization_code',
      code: 'sq0cgp-code',
      client_id: 'client-1',
      client_secret: 'secret-1',
      redirect_uri: redirectURI,
    })
    expect(result.accessToken).toBe('EAAA-access')
    expect(result.refreshToken).toBe('EQAA-refresh')
    expect(result.metadata).toEqual({ merchant_id: 'M123' })
    // expires_at is turned into a lifetime, so expiresAt lands on the same second (not the 30-day default).
    expect(Math.abs(Date.parse(result.expiresAt!) - Date.parse(expiresAt))).toBeLessThan(2000)
  })

  it('reads Square error lists as OAuth errors', async () => {
    provider = await startLocalProvider(() => ({
      status: 401,
      json: {
        errors: [
          {
            category: 'AUTHENTICATION_ERROR',
            code: 'UNAUTHORIZED',
            detail: 'Invalid refresh token',
          },
        ],
      },
    }))
    const refreshing = refreshAccessToken({
      recipe,
      client,
      connection,
      refreshToken: 'EQAA-old',
      fetch: quirkFetch('square', provider.fetch, { token }),
    })
    await expect(refreshing).rejects.toBeInstanceOf(OAuthResponseError)
    await expect(
      refreshAccessToken({
        recipe,
        client,
        connection,
        refreshToken: 'x',
        fetch: quirkFetch('square', provider.fetch, { token }),
      }),
    ).rejects.toMatchObject({
      error: 'unauthorized',
      description: 'Invalid refresh token',
      status: 401,
    })
    expect(JSON.parse(provider.requests[0]!.body)).toMatchObject({
      grant_type: 'refresh_token',
      refresh_token: 'EQAA-old',
    })
  })
})

describe('tiktok', () => {
  const recipe = recipeOf('tiktok')
  const token = 'https://open.tiktokapis.com/v2/oauth/token/'

  it('names the client id client_key in the consent URL', async () => {
    const url = quirkAuthorizationURL(
      'tiktok',
      await createAuthorizationURL({
        recipe,
        clientId: 'aw-key',
        redirectURI,
        state: 's1',
        codeVerifier: null,
      }),
    )
    expect(url.origin + url.pathname).toBe('https://www.tiktok.com/v2/auth/authorize/')
    expect(url.searchParams.get('client_key')).toBe('aw-key')
    expect(url.searchParams.has('client_id')).toBe(false)
    expect(url.searchParams.get('scope')).toBe('user.info.basic')
  })

  it('sends client_key with the secret in the token request body', async () => {
    provider = await startLocalProvider(() => ({
      json: {
        access_token: 'act.1',
        expires_in: 86400,
        open_id: 'open-1',
        refresh_expires_in: 31536000,
        refresh_token: 'rft.1',
        scope: 'user.info.basic',
        token_type: 'Bearer',
      },
    }))
    const result = await validateAuthorizationCode({
      recipe,
      client: { clientId: 'aw-key', clientSecret: 'tt-secret' },
      code: 'code-1',
      redirectURI,
      codeVerifier: null,
      fetch: quirkFetch('tiktok', provider.fetch, { token }),
    })
    const body = new URLSearchParams(provider.requests[0]!.body)
    expect(provider.requests[0]!.headers['content-type']).toMatch(/x-www-form-urlencoded/)
    expect(body.get('client_key')).toBe('aw-key')
    expect(body.get('client_secret')).toBe('tt-secret')
    expect(body.has('client_id')).toBe(false)
    expect(body.get('code')).toBe('code-1')
    expect(result).toMatchObject({
      accessToken: 'act.1',
      refreshToken: 'rft.1',
      scope: 'user.info.basic',
    })
  })
})

describe('quickbooks', () => {
  const recipe = recipeOf('quickbooks')

  it('keeps realmId from the callback', () => {
    expect(quirkCallbackParams('quickbooks', recipe.callbackMetadata)).toContain('realmId')
    expect(quirkCallbackParams(undefined, ['a'])).toEqual(['a'])
  })

  it('revokes with a JSON body and Basic client authentication', async () => {
    provider = await startLocalProvider(() => ({ status: 200, text: '' }))
    const revoked = await revokeToken({
      recipe,
      client,
      token: 'RT1-refresh',
      tokenTypeHint: 'refresh_token',
      fetch: quirkFetch('quickbooks', provider.fetch, {
        token: recipe.tokenURL,
        revocation: recipe.revocationURL!,
      }),
    })
    expect(revoked).toBe(true)
    const sent = provider.requests[0]!
    expect(sent.host).toBe('developer.api.intuit.com')
    expect(sent.path).toBe('/v2/oauth2/tokens/revoke')
    expect(sent.headers['content-type']).toBe('application/json')
    expect(JSON.parse(sent.body)).toEqual({ token: 'RT1-refresh' })
    // RFC 6749 §2.3.1: oauth4webapi form-encodes id and secret inside the Basic credentials.
    const basic = Buffer.from(
      String(sent.headers.authorization).replace(/^Basic /, ''),
      'base64',
    ).toString()
    expect(basic.split(':').map(decodeURIComponent)).toEqual(['client-1', 'secret-1'])
  })

  it('leaves the token request form-encoded', async () => {
    provider = await startLocalProvider(() => ({
      json: {
        access_token: 'at',
        token_type: 'bearer',
        expires_in: 3600,
        refresh_token: 'rt2',
        x_refresh_token_expires_in: 8726400,
      },
    }))
    const result = await refreshAccessToken({
      recipe,
      client,
      refreshToken: 'rt1',
      fetch: quirkFetch('quickbooks', provider.fetch, {
        token: recipe.tokenURL,
        revocation: recipe.revocationURL!,
      }),
    })
    expect(new URLSearchParams(provider.requests[0]!.body).get('refresh_token')).toBe('rt1')
    expect(result.refreshToken).toBe('rt2')
  })
})

describe('atlassian', () => {
  it('reads the cloud id of the granted site(s) with the new token', async () => {
    provider = await startLocalProvider((request) =>
      request.headers.authorization === 'Bearer at-1'
        ? {
            json: [
              {
                id: 'cloud-a',
                url: 'https://acme.atlassian.net',
                name: 'acme',
                scopes: ['read:jira-work'],
              },
              {
                id: 'cloud-b',
                url: 'https://beta.atlassian.net',
                name: 'beta',
                scopes: ['read:jira-work'],
              },
            ],
          }
        : { status: 401, json: { code: 401, message: 'Unauthorized' } },
    )
    const metadata = await quirkConnectionMetadata('atlassian', tokens('at-1'), {
      fetch: provider.fetch,
    })
    expect(provider.requests[0]).toMatchObject({
      host: 'api.atlassian.com',
      path: '/oauth/token/accessible-resources',
    })
    expect(metadata).toEqual({
      cloudId: 'cloud-a',
      siteURL: 'https://acme.atlassian.net',
      siteName: 'acme',
      cloudIds: 'cloud-a,cloud-b',
    })
    const failing = quirkConnectionMetadata('atlassian', tokens('wrong'), { fetch: provider.fetch })
    await expect(failing).rejects.toBeInstanceOf(OAuthUnexpectedResponseError)
    await expect(
      quirkConnectionMetadata('atlassian', tokens('wrong'), { fetch: provider.fetch }),
    ).rejects.not.toThrow(/wrong/)
  })

  it('is a no-op for providers without the hook', async () => {
    expect(
      await quirkConnectionMetadata('slack', tokens('x'), { fetch: globalThis.fetch }),
    ).toEqual({})
  })
})

describe('xero', () => {
  const connections = [
    {
      id: 'c-old',
      authEventId: 'ev-old',
      tenantId: 't-old',
      tenantType: 'ORGANISATION',
      tenantName: 'Old Org',
    },
    {
      id: 'c-1',
      authEventId: 'ev-1',
      tenantId: 't-1',
      tenantType: 'ORGANISATION',
      tenantName: 'Demo Company (UK)',
    },
    {
      id: 'c-2',
      authEventId: 'ev-1',
      tenantId: 't-2',
      tenantType: 'ORGANISATION',
      tenantName: 'Second Ltd',
    },
  ]

  it('chooses the tenants authorised by this consent, by authentication_event_id', async () => {
    provider = await startLocalProvider(() => ({ json: connections }))
    const token = jwtWith({ authentication_event_id: 'ev-1', xero_userid: 'u1' })
    const metadata = await quirkConnectionMetadata('xero', tokens(token), { fetch: provider.fetch })
    expect(provider.requests[0]).toMatchObject({ host: 'api.xero.com', path: '/connections' })
    expect(provider.requests[0]!.headers.authorization).toBe(`Bearer ${token}`)
    expect(metadata).toEqual({
      tenantId: 't-1',
      tenantName: 'Demo Company (UK)',
      tenantType: 'ORGANISATION',
      tenantIds: 't-1,t-2',
    })
  })

  it('falls back to every connection when the token carries no event id', async () => {
    provider = await startLocalProvider(() => ({ json: connections.slice(0, 1) }))
    expect(
      await quirkConnectionMetadata('xero', tokens('opaque'), { fetch: provider.fetch }),
    ).toEqual({
      tenantId: 't-old',
      tenantName: 'Old Org',
      tenantType: 'ORGANISATION',
    })
  })

  it('reports a listing that is not a list as an unexpected response', async () => {
    provider = await startLocalProvider(() => ({ json: { Status: 'error' } }))
    await expect(
      quirkConnectionMetadata('xero', tokens('x'), { fetch: provider.fetch }),
    ).rejects.toBeInstanceOf(OAuthUnexpectedResponseError)
  })
})

describe('mailchimp', () => {
  it('reads the data centre from the metadata endpoint with an OAuth header', async () => {
    provider = await startLocalProvider((request) =>
      request.headers.authorization === 'OAuth mc-token'
        ? {
            json: {
              dc: 'us6',
              role: 'owner',
              accountname: 'Acme',
              api_endpoint: 'https://us6.api.mailchimp.com',
            },
          }
        : { status: 401, json: { error: 'invalid_token' } },
    )
    expect(
      await quirkConnectionMetadata('mailchimp', tokens('mc-token'), { fetch: provider.fetch }),
    ).toEqual({
      dc: 'us6',
      api_endpoint: 'https://us6.api.mailchimp.com',
      accountname: 'Acme',
    })
    expect(provider.requests[0]).toMatchObject({
      host: 'login.mailchimp.com',
      path: '/oauth2/metadata',
    })
    await expect(
      quirkConnectionMetadata('mailchimp', tokens('other'), { fetch: provider.fetch }),
    ).rejects.toBeInstanceOf(OAuthUnexpectedResponseError)
  })
})
