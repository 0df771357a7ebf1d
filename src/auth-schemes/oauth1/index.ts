// OAuth 1.0a (RFC 5849): signing requests (HMAC-SHA1, HMAC-SHA256, PLAINTEXT, RSA-SHA1) and the redirection-based
// authorization (temporary credentials → authorize → token credentials). A small implementation named after the RFC:
// the npm signers do not strip default ports (oauth-1.0a #59, open since 2017) or are archived (oauth-sign).
// Stateless like src/oauth: credentials, endpoints and an injected fetch in; headers or credentials out.
// Must not: touch the database, seal, log, or put a secret in an error message.
export {
  SIGNATURE_METHODS,
  baseStringURI,
  normalizeParameters,
  percentEncode,
  sign,
  signatureBaseString,
  type SignableRequest,
  type SignatureMethod,
} from './signature.js'
export {
  authorizationHeader,
  generateNonce,
  type OAuth1Credentials,
  type SignOptions,
} from './sign-request.js'
export {
  createAuthorizationURL,
  requestTemporaryCredentials,
  requestTokenCredentials,
  OAuth1NetworkError,
  OAuth1ResponseError,
  type ClientCredentials,
  type IssuedCredentials,
  type OAuth1Endpoints,
} from './redirection.js'
export { oauthProblem, problemSource, type ProblemSource } from './problem.js'
