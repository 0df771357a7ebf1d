import { OAuthNetworkError, OAuthUnexpectedResponseError } from '../errors.js'
import type { Quirk } from './types.js'
import './hooks.js'

const METADATA = 'https://login.mailchimp.com/oauth2/metadata'

/**
 * Mailchimp Marketing (https://mailchimp.com/developer/marketing/guides/access-user-data-oauth-2/): the token
 * response does not say which data centre the account lives in, yet every API call goes to
 * https://<dc>.api.mailchimp.com/3.0. The metadata endpoint (Authorization: `OAuth <token>`) answers `dc` and
 * `api_endpoint`, kept as metadata.
 */
export const mailchimp: Quirk = {
  async connectionMetadata(tokens, { fetch }) {
    let response: Response
    try {
      response = await fetch(METADATA, {
        headers: { authorization: `OAuth ${tokens.accessToken}`, accept: 'application/json' },
        redirect: 'manual',
      })
    } catch (cause) {
      throw new OAuthNetworkError('could not reach login.mailchimp.com', { cause })
    }
    const body = (await response.json().catch(() => null)) as Record<string, unknown> | null
    if (response.status !== 200 || !body || typeof body.dc !== 'string') {
      throw new OAuthUnexpectedResponseError(
        '/oauth2/metadata did not name a data centre',
        response.status,
      )
    }
    return {
      dc: body.dc,
      ...(typeof body.api_endpoint === 'string' ? { api_endpoint: body.api_endpoint } : {}),
      ...(typeof body.accountname === 'string' ? { accountname: body.accountname } : {}),
    }
  },
}
