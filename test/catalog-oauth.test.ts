// Every OAuth app in the catalog builds a well-formed consent URL (snapshotted, so a recipe change shows up in
// review) and a token request with the client authentication it declares. No network: fetch is captured.
import { describe, expect, it } from 'vitest'
import { BUILTIN_CATALOG_DIR, loadCatalog, type App } from '../src/catalog/index.js'
import { createAuthorizationURL, validateAuthorizationCode } from '../src/oauth/index.js'
import { quirkAuthorizationURL, quirkFetch } from '../src/oauth/quirks/hooks.js'
import { endpoint } from '../src/oauth/server.js'
import { sampleValues } from './catalog-samples.js'

const oauthApps = [...loadCatalog([BUILTIN_CATALOG_DIR]).values()].filter(
  // OAuth 2.0 recipes only: OAuth 1.0a apps (isOAuth too) have their own tests in src/auth-schemes/oauth1.
  (a): a is App & { oauth: NonNullable<App['oauth']> } => a.oauth !== null,
)
const client = { clientId: 'keyport-client-id', clientSecret: 'keyport-client-secret' }
const redirectURI = 'https://keyport.example/oauth/callback/app'
const verifier = 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk' // RFC 7636 appendix B

function connectionOf(app: App): Record<string, string> {
  const { accessToken: _, ...values } = sampleValues(app)
  return values
}

describe.each(oauthApps.map((a) => [a.id, a] as const))('%s', (_id, app) => {
  const recipe = app.oauth
  const connection = connectionOf(app)

  it('builds a well-formed authorization URL', async () => {
    const url = quirkAuthorizationURL(
      recipe.quirks,
      await createAuthorizationURL({
        recipe,
        clientId: client.clientId,
        redirectURI,
        state: 'state-123',
        codeVerifier: recipe.pkce === 'unsupported' ? null : verifier,
        connection,
      }),
    )
    expect(url.protocol).toBe('https:')
    expect(url.href).not.toMatch(/[{}]|%7B|%7D/i)
    const params = url.searchParams
    expect(params.get('response_type')).toBe('code')
    expect(params.get('client_id') ?? params.get('client_key')).toBe(client.clientId)
    expect(params.get('redirect_uri')).toBe(redirectURI)
    expect(params.get('state')).toBe('state-123')
    if (recipe.scopes.length > 0) {
      expect(params.get('scope')!.split(recipe.scopeSeparator ?? ' ')).toHaveLength(
        recipe.scopes.length,
      )
    }
    expect(params.has('code_challenge')).toBe(recipe.pkce !== 'unsupported')
    for (const name of Object.keys(recipe.authorizationParams ?? {}))
      expect(params.has(name), name).toBe(true)
    expect(url.href).toMatchSnapshot()
  })

  it('sends the code exchange with the declared client authentication', async () => {
    const sent: { url: string; headers: Headers; body: string }[] = []
    const capture = (async (input: string | URL | Request, init?: RequestInit) => {
      sent.push({
        url: String(input),
        headers: new Headers(init?.headers),
        body: String(init?.body ?? ''),
      })
      return Response.json({ access_token: 'at', token_type: 'Bearer', expires_in: 3600 })
    }) as typeof fetch
    const token = endpoint(recipe.tokenURL, connection)
    await validateAuthorizationCode({
      recipe,
      client,
      connection,
      code: 'code-123',
      redirectURI,
      codeVerifier: recipe.pkce === 'unsupported' ? null : verifier,
      fetch: quirkFetch(recipe.quirks, capture, { token }),
    })
    expect(sent).toHaveLength(1)
    const request = sent[0]!
    expect(request.url).toBe(token)
    expect(new URL(request.url).protocol).toBe('https:')
    expect(request.url).not.toMatch(/[{}]|%7B|%7D/i)
    const json = request.headers.get('content-type')?.includes('application/json')
    const body = json
      ? new URLSearchParams(JSON.parse(request.body) as Record<string, string>)
      : new URLSearchParams(request.body)
    expect(body.get('grant_type')).toBe('authorization_code')
    expect(body.get('code')).toBe('code-123')
    expect(body.get('redirect_uri')).toBe(redirectURI)
    expect(body.get('code_verifier')).toBe(recipe.pkce === 'unsupported' ? null : verifier)
    const clientIdParam = body.get('client_id') ?? body.get('client_key')
    if (recipe.tokenEndpointAuthMethod === 'client_secret_basic') {
      const basic = Buffer.from(
        request.headers.get('authorization')!.replace(/^Basic /, ''),
        'base64',
      ).toString()
      expect(basic.split(':').map(decodeURIComponent)).toEqual([
        client.clientId,
        client.clientSecret,
      ])
      expect(body.has('client_secret')).toBe(false)
    } else {
      expect(request.headers.has('authorization')).toBe(false)
      expect(clientIdParam).toBe(client.clientId)
      expect(body.get('client_secret')).toBe(client.clientSecret)
    }
    for (const name of Object.keys(recipe.tokenParams ?? {}))
      expect(body.has(name), name).toBe(true)
  })
})
