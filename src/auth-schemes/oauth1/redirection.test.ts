// The stateless RFC 5849 client against the loopback stand-in server, which checks every signature with the
// `oauth-sign` package (another implementation): §2.1–§2.3 and a signed request with a query and a form body.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startOAuth1Provider, type OAuth1Provider } from '../../../test/support/oauth1-provider.js'
import {
  createAuthorizationURL,
  OAuth1ResponseError,
  requestTemporaryCredentials,
  requestTokenCredentials,
  type OAuth1Endpoints,
} from './redirection.js'
import { authorizationHeader } from './sign-request.js'
import type { SignatureMethod } from './signature.js'

describe('RFC 5849 redirection-based authorization against a verifying server', () => {
  let provider: OAuth1Provider
  const endpoints = (signatureMethod: SignatureMethod): OAuth1Endpoints => ({
    requestTokenURL: `${provider.url}/oauth/request_token`,
    authorizationURL: `${provider.url}/oauth/authorize`,
    accessTokenURL: `${provider.url}/oauth/access_token`,
    signatureMethod,
    realm: null,
    authorizationParams: { scope: 'read,write' },
  })
  const client = () => ({
    consumerKey: provider.consumerKey,
    consumerSecret: provider.consumerSecret,
  })

  beforeAll(async () => {
    provider = await startOAuth1Provider()
  })
  afterAll(async () => {
    await provider?.close()
  })

  /** Plays the user: approves on the authorize page and returns the verifier from the callback. */
  async function approve(authorizationURL: URL): Promise<URLSearchParams> {
    const page = await fetch(authorizationURL)
    expect(page.status).toBe(200)
    const answer = await fetch(authorizationURL, {
      method: 'POST',
      body: new URLSearchParams({ decision: 'allow' }),
      redirect: 'manual',
    })
    return new URL(answer.headers.get('location')!).searchParams
  }

  for (const method of ['HMAC-SHA1', 'HMAC-SHA256', 'PLAINTEXT'] as const) {
    it(`runs §2.1–§2.3 and signs a request with a query and a form body (${method})`, async () => {
      const ends = endpoints(method)
      const temporary = await requestTemporaryCredentials({
        endpoints: ends,
        client: client(),
        callbackURL: 'http://127.0.0.1:1/oauth/callback/x?state=abc',
        fetch,
      })
      expect(temporary.parameters.oauth_callback_confirmed).toBe('true')
      const authorizationURL = createAuthorizationURL(ends, temporary.token)
      expect(authorizationURL.searchParams.get('scope')).toBe('read,write')
      const callback = await approve(authorizationURL)
      // The callback keeps the query Keyport gave it (state) and adds the token and verifier.
      expect(callback.get('state')).toBe('abc')
      expect(callback.get('oauth_token')).toBe(temporary.token)
      const tokens = await requestTokenCredentials({
        endpoints: ends,
        client: client(),
        temporary,
        verifier: callback.get('oauth_verifier')!,
        fetch,
      })
      expect(tokens.parameters).toEqual({ user_id: '42', screen_name: 'jane' })

      const url = new URL(`${provider.url}/api/items?q=a+b&tag=x%2Fy&tag=%C3%A9`)
      const formBody =
        "status=Hello%20Ladies%20%2b%20Gentlemen%2c%20a%20signed%20request%21&note=(it's)"
      const response = await fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          authorization: authorizationHeader(
            { ...client(), token: tokens.token, tokenSecret: tokens.tokenSecret },
            { method: 'POST', url, formBody },
            { signatureMethod: method },
          ),
        },
        body: formBody,
      })
      expect(response.status).toBe(200)
      expect(provider.verified.at(-1)!.parameters).toEqual([
        ['q', 'a b'],
        ['tag', 'x/y'],
        ['tag', 'é'],
        ['status', 'Hello Ladies + Gentlemen, a signed request!'],
        ['note', "(it's)"],
      ])
    })
  }

  it('a wrong consumer secret is refused at the first step, with the oauth_problem named', async () => {
    const error = await requestTemporaryCredentials({
      endpoints: endpoints('HMAC-SHA1'),
      client: { ...client(), consumerSecret: 'wrong' },
      callbackURL: 'http://127.0.0.1:1/cb',
      fetch,
    }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(OAuth1ResponseError)
    expect(error).toMatchObject({ status: 401, problem: 'signature_invalid' })
    expect(String(error)).not.toContain('wrong')
  })

  it('a verifier is useless without the temporary secret, and temporary credentials work once', async () => {
    const ends = endpoints('HMAC-SHA1')
    const temporary = await requestTemporaryCredentials({
      endpoints: ends,
      client: client(),
      callbackURL: 'http://127.0.0.1:1/cb',
      fetch,
    })
    const verifier = (await approve(createAuthorizationURL(ends, temporary.token))).get(
      'oauth_verifier',
    )!
    const exchange = (tokenSecret: string) =>
      requestTokenCredentials({
        endpoints: ends,
        client: client(),
        temporary: { token: temporary.token, tokenSecret },
        verifier,
        fetch,
      })
    await expect(exchange('guessed')).rejects.toMatchObject({ problem: 'signature_invalid' })
    await expect(exchange(temporary.tokenSecret)).resolves.toHaveProperty('token')
    await expect(exchange(temporary.tokenSecret)).rejects.toMatchObject({
      problem: 'token_rejected',
    })
  })
})
