import type { Quirk } from './types.js'
import './hooks.js'

/**
 * Intuit QuickBooks Online (https://developer.intuit.com/app/developer/qbo/docs/develop/authentication-and-authorization/oauth-2.0):
 * - the company id arrives as `realmId` on the callback, not in the token response, and every API path needs it;
 * - the revocation endpoint takes a JSON body `{"token": ...}` (with Basic client authentication), not RFC 7009's
 *   form body.
 */
export const quickbooks: Quirk = {
  callbackParams: ['realmId'],
  prepareRequest(request) {
    if (request.kind !== 'revocation') return { ...request, body: request.body.toString() }
    const headers = new Headers(request.headers)
    headers.set('content-type', 'application/json')
    headers.set('accept', 'application/json')
    return {
      url: request.url,
      headers,
      body: JSON.stringify({ token: request.body.get('token') ?? '' }),
    }
  },
}
