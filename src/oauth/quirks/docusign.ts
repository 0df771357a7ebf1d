import { OAuthUnexpectedResponseError } from '../errors.js'
import type { Quirk } from './types.js'
import './hooks.js'
import { getJSONWithToken, objectList } from './get-json.js'

/**
 * DocuSign eSignature (https://developers.docusign.com/platform/auth/reference/user-info/): API calls go to the
 * account's own base_uri, so after the exchange GET {authHost}/oauth/userinfo (the token endpoint's host: account
 * or account-d.docusign.com) with the new token. The default account (`is_default`, else the first) becomes
 * `accountId`, `baseURI` (https only) and `accountName`; every account id is kept in `accountIds` when there are
 * several.
 */
export const docusign: Quirk = {
  async afterCodeExchange(tokens, context) {
    const url = new URL('/oauth/userinfo', context.tokenEndpoint).toString()
    const info = await getJSONWithToken(context.fetch, url, tokens.accessToken)
    const raw = info !== null && typeof info === 'object' ? (info as Record<string, unknown>) : {}
    const accounts = objectList(raw.accounts ?? [], '/oauth/userinfo').filter(
      (a) => typeof a.account_id === 'string',
    )
    const chosen =
      accounts.find((a) => a.is_default === true || a.is_default === 'true') ?? accounts[0]
    if (!chosen) throw new OAuthUnexpectedResponseError('/oauth/userinfo lists no account', 200)
    const baseURI = typeof chosen.base_uri === 'string' ? chosen.base_uri : ''
    if (!/^https:\/\/[^/?#]+\/?$/.test(baseURI))
      throw new OAuthUnexpectedResponseError('/oauth/userinfo gives no https base_uri', 200)
    return {
      ...tokens,
      metadata: {
        ...tokens.metadata,
        accountId: chosen.account_id as string,
        baseURI: baseURI.replace(/\/$/, ''),
        ...(typeof chosen.account_name === 'string' ? { accountName: chosen.account_name } : {}),
        ...(accounts.length > 1
          ? { accountIds: accounts.map((a) => a.account_id as string).join(',') }
          : {}),
      },
    }
  },
}
