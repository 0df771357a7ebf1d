// OAuth 2.0 client (RFC 6749 authorization code + PKCE, refresh, RFC 7009 revocation), stateless: a recipe from
// the catalog, the workspace's client credentials, parameters and an injectable fetch in; tokens out.
// Owns: talking to token endpoints and reading their answers, per-provider quirks (quirks/).
// Must not: touch the database, seal, log, or put a token in an error message.
export {
  createAuthorizationURL,
  generateCodeVerifier,
  generateState,
  usesPKCE,
  type AuthorizationURLInput,
} from './authorization-url.js'
export {
  callbackValues,
  readAuthorizationResponse,
  validateAuthorizationCode,
  type CodeExchangeInput,
} from './code-exchange.js'
export { refreshAccessToken, type RefreshGrant, type RefreshInput } from './refresh.js'
export { revokeToken, type RevokeInput } from './revoke.js'
export { requestTokenGrant, type GrantClientAuth, type TokenGrantInput } from './grant.js'
export { processTokenResponse } from './token-response.js'
export {
  AuthorizationResponseError,
  OAuthNetworkError,
  OAuthResponseError,
  OAuthUnexpectedResponseError,
} from './errors.js'
export {
  accessTokenExtension,
  quirkAfterCodeExchange,
  quirkConnectionMetadata,
} from './quirks/hooks.js'
export { hasQuirk, quirkOf, unimplementedQuirks, type Quirk } from './quirks/index.js'
export type { OAuthClientCredentials, ProviderCall, TokenResult } from './types.js'
