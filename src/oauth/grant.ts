// Token requests without a user: RFC 6749 §4.4 client credentials and RFC 7523 §2.1 JWT bearer assertions (and a
// provider's variant grant type, Zoom's account_credentials). The caller fills the URL and parameters.
import * as o from 'oauth4webapi'
import type { OAuth2Recipe } from '../catalog/index.js'
import { OAuthNetworkError } from './errors.js'
import { processTokenResponse } from './token-response.js'
import type { TokenResult } from './types.js'

export type GrantClientAuth =
  | { method: 'client_secret_basic' | 'client_secret_post'; clientId: string; clientSecret: string }
  /** The assertion is the client's authentication (RFC 7523 §3): nothing else is sent, not even client_id. */
  | { method: 'none' }

export interface TokenGrantInput {
  /** The filled token endpoint. */
  tokenURL: string
  grantType: string
  parameters: Record<string, string>
  clientAuth: GrantClientAuth
  /** How to read the answer: lifetime when no expires_in, metadata to keep, scope separator. */
  response: Pick<
    OAuth2Recipe,
    'scopeSeparator' | 'accessTokenLifetimeSeconds' | 'tokenResponseMetadata'
  >
  /** The providers' guarded client (deps.fetch). */
  fetch: typeof fetch
  now: () => Date
}

const TIMEOUT_MS = 15_000
const sendNothing: o.ClientAuth = () => undefined

/**
 * POSTs the grant and reads the answer: tokens, or OAuthResponseError (RFC 6749 §5.2 error body),
 * OAuthUnexpectedResponseError (anything else) or OAuthNetworkError (no answer at all).
 */
export async function requestTokenGrant(input: TokenGrantInput): Promise<TokenResult> {
  const { protocol, hostname, origin } = new URL(input.tokenURL)
  const loopbackHTTP =
    protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(hostname)
  const guardedFetch = async (url: string, init: RequestInit): Promise<Response> => {
    try {
      return await input.fetch(url, init)
    } catch (cause) {
      throw new OAuthNetworkError(`could not reach ${new URL(url).host}`, { cause })
    }
  }
  const auth = input.clientAuth
  const clientAuth =
    auth.method === 'none'
      ? sendNothing
      : auth.method === 'client_secret_post'
        ? o.ClientSecretPost(auth.clientSecret)
        : o.ClientSecretBasic(auth.clientSecret)
  const response = await o.genericTokenEndpointRequest(
    { issuer: origin, token_endpoint: input.tokenURL },
    // oauth4webapi wants a client_id; with `none` it is never sent (sendNothing adds nothing to the request).
    { client_id: auth.method === 'none' ? 'assertion' : auth.clientId },
    clientAuth,
    input.grantType,
    input.parameters,
    {
      [o.customFetch]: guardedFetch as never,
      signal: () => AbortSignal.timeout(TIMEOUT_MS),
      ...(loopbackHTTP ? { [o.allowInsecureRequests]: true } : {}),
    },
  )
  return processTokenResponse(input.response, response, input.now())
}
