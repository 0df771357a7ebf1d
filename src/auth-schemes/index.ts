// Auth schemes beyond OAuth 2.0 authorization code and typed keys: client credentials, JWT bearer, GitHub App
// (minting short-lived tokens from a long-lived secret) and, registered by their own modules, request signing.
// Owns: turning stored values into a token or a request's signature. Stateless like src/oauth: values, recipe and
// an injected fetch in; tokens or headers out. Must not: touch the database, seal, log, or put a value in an error.
export { authScheme, credentialMints, mintingTypes } from './registry.js'
export { CredentialRejected } from './errors.js'
export type { AuthScheme, MintedToken, SchemeContext, SigningRequest } from './types.js'
