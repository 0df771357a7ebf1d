import type { Quirk } from './types.js'
import './hooks.js'

/**
 * Adobe Acrobat Sign (https://developer.adobe.com/acrobat-sign/docs/overview/developer_guide/oauth): the code is
 * exchanged at /oauth/v2/token, but a refresh token is redeemed at /oauth/v2/refresh on the same host (a form POST
 * with grant_type=refresh_token, client id and secret). The token request is otherwise RFC 6749.
 */
export const adobeSign: Quirk = {
  prepareRequest(request) {
    const url = new URL(request.url)
    if (request.kind === 'token' && request.body.get('grant_type') === 'refresh_token')
      url.pathname = url.pathname.replace(/\/oauth\/v2\/token$/, '/oauth/v2/refresh')
    return { url: url.toString(), headers: request.headers, body: request.body.toString() }
  },
}
