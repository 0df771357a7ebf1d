import type { Quirk } from './types.js'
import './hooks.js'

/**
 * TikTok Login Kit (https://developers.tiktok.com/doc/oauth-user-access-token-management): the client id is
 * called `client_key` in the consent URL and in token and revocation requests, which carry the client secret in
 * the form body. Token responses are otherwise RFC 6749 (with `open_id` and `refresh_expires_in` added).
 */
export const tiktok: Quirk = {
  authorizationParams(params) {
    renameClientId(params)
  },
  prepareRequest(request) {
    const body = new URLSearchParams(request.body)
    renameClientId(body)
    return { url: request.url, headers: request.headers, body: body.toString() }
  },
}

function renameClientId(params: URLSearchParams): void {
  const clientId = params.get('client_id')
  if (clientId === null) return
  params.delete('client_id')
  params.set('client_key', clientId)
}
