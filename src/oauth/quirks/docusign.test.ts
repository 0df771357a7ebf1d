import { afterEach, describe, expect, it } from 'vitest'
import { OAuthUnexpectedResponseError } from '../errors.js'
import {
  recipeOf,
  exchangeCodeWithQuirk,
  startLocalProvider,
  type LocalProvider,
  type Answer,
} from './testing.js'

const recipe = recipeOf('docusign')
const client = { clientId: 'integration-key', clientSecret: 'ds-secret' }
let provider: LocalProvider | null = null
afterEach(async () => {
  await provider?.close()
  provider = null
})

const tokenAnswer = {
  access_token: 'ds-access',
  token_type: 'Bearer',
  refresh_token: 'ds-refresh',
  expires_in: 28800,
}
const withUserinfo =
  (userinfo: unknown, status = 200): Answer =>
  (req) =>
    req.method === 'POST' ? { json: tokenAnswer } : { status, json: userinfo }

const exchange = (fetch: typeof globalThis.fetch) =>
  exchangeCodeWithQuirk({
    recipe,
    client,
    connection: { authHost: 'account-d.docusign.com' },
    fetch,
    code: 'ds-code',
    redirectURI: 'https://keyport.example/oauth/callback',
    codeVerifier: 'v'.repeat(43),
  })

describe('docusign', () => {
  it('keeps the default account id and base_uri from userinfo on the chosen auth host', async () => {
    provider = await startLocalProvider(
      withUserinfo({
        sub: 'user-guid',
        accounts: [
          { account_id: 'acc-other', is_default: false, base_uri: 'https://na2.docusign.net' },
          {
            account_id: 'acc-default',
            is_default: true,
            account_name: 'Acme',
            base_uri: 'https://demo.docusign.net',
          },
        ],
      }),
    )
    const result = await exchange(provider.fetch)

    const userinfo = provider.requests[1]!
    expect(userinfo.method).toBe('GET')
    expect(userinfo.host).toBe('account-d.docusign.com')
    expect(userinfo.path).toBe('/oauth/userinfo')
    expect(userinfo.headers.authorization).toBe('Bearer ds-access')
    expect(result.accessToken).toBe('ds-access')
    expect(result.refreshToken).toBe('ds-refresh')
    expect(result.metadata).toEqual({
      accountId: 'acc-default',
      baseURI: 'https://demo.docusign.net',
      accountName: 'Acme',
      accountIds: 'acc-other,acc-default',
    })
  })

  it('fails when userinfo lists no account or a base_uri that is not https', async () => {
    provider = await startLocalProvider(withUserinfo({ sub: 'user-guid', accounts: [] }))
    await expect(exchange(provider.fetch)).rejects.toBeInstanceOf(OAuthUnexpectedResponseError)
    await provider.close()
    provider = await startLocalProvider(
      withUserinfo({
        accounts: [{ account_id: 'a', is_default: true, base_uri: 'http://x.test' }],
      }),
    )
    await expect(exchange(provider.fetch)).rejects.toBeInstanceOf(OAuthUnexpectedResponseError)
  })

  it('reports a userinfo error status as an unexpected response', async () => {
    provider = await startLocalProvider(withUserinfo({ error: 'internal_server_error' }, 500))
    await expect(exchange(provider.fetch)).rejects.toBeInstanceOf(OAuthUnexpectedResponseError)
  })
})
