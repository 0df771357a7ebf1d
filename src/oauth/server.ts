// The recipe as oauth4webapi sees it: an authorization server described with RFC 8414 names, a client, how the
// client authenticates at the token endpoint, and the request options (injected fetch, loopback http).
import * as o from 'oauth4webapi'
import { fillTemplate, type OAuth2Recipe } from '../catalog/index.js'
import { OAuthNetworkError } from './errors.js'
import { quirkFetch } from './quirks/hooks.js'
import type { OAuthClientCredentials, ProviderCall } from './types.js'

export interface ResolvedProvider {
  as: o.AuthorizationServer
  client: o.Client
  clientAuth: o.ClientAuth
  options: Omit<o.TokenEndpointRequestOptions, 'additionalParameters'>
  /** The recipe's tokenParams with `{field}` placeholders filled. */
  tokenParams: Record<string, string>
}

/** Fills `{field}` placeholders in an endpoint; values are URL-encoded so a typed shop name cannot reshape the URL. */
export function endpoint(
  template: string,
  connection: Readonly<Record<string, string>> = {},
): string {
  return fillTemplate(template, connection, { encode: true })
}

function isLoopbackHTTP(url: string): boolean {
  const { protocol, hostname } = new URL(url)
  return protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(hostname)
}

const TIMEOUT_MS = 15_000

export function resolveProvider(call: ProviderCall): ResolvedProvider {
  const { recipe, client, connection = {} } = call
  const tokenEndpoint = endpoint(recipe.tokenURL, connection)
  const revocationEndpoint = recipe.revocationURL
    ? endpoint(recipe.revocationURL, connection)
    : undefined
  const as: o.AuthorizationServer = {
    // oauth4webapi requires an issuer; without a declared one the token endpoint's origin stands in. Keyport
    // compares `iss` itself (validateAuthorizationCode), and only against a declared issuer.
    issuer: recipe.issuer ?? new URL(tokenEndpoint).origin,
    authorization_endpoint: endpoint(recipe.authorizationURL, connection),
    token_endpoint: tokenEndpoint,
    ...(revocationEndpoint ? { revocation_endpoint: revocationEndpoint } : {}),
  }
  // A quirk may reshape token and revocation requests (Square wants JSON bodies).
  const fetchImpl = quirkFetch(recipe.quirks, call.fetch, {
    token: tokenEndpoint,
    ...(revocationEndpoint ? { revocation: revocationEndpoint } : {}),
  })
  // Every failure to get a response at all becomes an OAuthNetworkError; responses are judged elsewhere.
  const guardedFetch = async (url: string, init: RequestInit): Promise<Response> => {
    try {
      return await fetchImpl(url, init)
    } catch (cause) {
      throw new OAuthNetworkError(`could not reach ${new URL(url).host}`, { cause })
    }
  }
  const options: ResolvedProvider['options'] & { [o.allowInsecureRequests]?: boolean } = {
    [o.customFetch]: guardedFetch as never,
    signal: () => AbortSignal.timeout(TIMEOUT_MS),
    ...(isLoopbackHTTP(tokenEndpoint) ? { [o.allowInsecureRequests]: true } : {}),
  }
  const tokenParams = Object.fromEntries(
    Object.entries(recipe.tokenParams ?? {}).map(([k, v]) => [
      k,
      fillTemplate(v, connection, { encode: false }),
    ]),
  )
  return {
    as,
    client: { client_id: client.clientId },
    clientAuth: clientAuthentication(recipe, client),
    options,
    tokenParams,
  }
}

function clientAuthentication(recipe: OAuth2Recipe, client: OAuthClientCredentials): o.ClientAuth {
  return recipe.tokenEndpointAuthMethod === 'client_secret_post'
    ? o.ClientSecretPost(client.clientSecret)
    : o.ClientSecretBasic(client.clientSecret)
}

/** POSTs a grant to the token endpoint; network failures surface as OAuthNetworkError. */
export function tokenRequest(
  provider: ResolvedProvider,
  grantType: string,
  parameters: Record<string, string>,
): Promise<Response> {
  return o.genericTokenEndpointRequest(
    provider.as,
    provider.client,
    provider.clientAuth,
    grantType,
    { ...provider.tokenParams, ...parameters },
    provider.options,
  )
}
