// Credentials: the use cases behind the Credentials API — create, import, list, read the secret, rename, delete.
// Owns sealing a credential's secret and announcing its changes (outbox). Must not: know HTTP, or log values.
export {
  createKeyCredential,
  insertNewCredential,
  requireApp,
  requireOAuthApp,
  requireClientApp,
  requireUser,
  type AppReference,
  type OAuthApp,
  type CreateKeyCredentialInput,
} from './create.js'
export { importOAuthCredential, type ImportTokensInput } from './import.js'
/** A credential's statuses (the store's column), for the API's enum. */
export { CREDENTIAL_STATUSES } from '../store/index.js'
export {
  getCredential,
  listUserCredentials,
  listWorkspaceCredentials,
  updateUserCredential,
  removeCredential,
  removeUser,
  requireCredential,
} from './manage.js'
export {
  openActiveCredential,
  readActiveCredential,
  openCredentialSecret,
  freshCredential,
  readCredentialSecret,
  type SecretView,
  type EnsureFresh,
} from './read-secret.js'
export { ActivityLog, auditNow, toAuditRow, type AuditEntry } from './activity.js'
export { listAuditTrail, type AuditEntryView } from './audit.js'
export { getCredentialTimeline, type TimelineEntry } from './timeline.js'
export { validateFieldValues, publicFieldValues, defaultCredentialName } from './fields.js'
export { buildVerificationRequest, verifyCredentials, type VerificationOutcome } from './verify.js'
export { signingSecrets } from './signing.js'
export { verificationSigner, type VerificationSigner } from './verification-signer.js'
export {
  credentialSecretContext,
  credentialTemplateValues,
  currentAccessToken,
  type CredentialSecret,
} from './secret.js'
export { credentialEventData } from './events.js'
export { toCredentialView, type CredentialView } from './view.js'
export type { CredentialDeps, Actor } from './deps.js'
export {
  mintConnectToken,
  createConnectTokenAuthenticator,
  requireAllowedApp,
  CONNECT_TOKEN_DEFAULT_TTL,
  CONNECT_TOKEN_MAX_TTL,
  type ConnectSession,
  type AuthenticateConnectToken,
} from './connect-token.js'
export { reconnectCredential } from './reconnect.js'
export {
  createAuditedConnectLink,
  createConnectLink,
  connectLinkURL,
  type HostedConnectLink,
} from './connect-link.js'
export {
  startOAuthFlow,
  beginAuthorization,
  completeOAuthFlow,
  oauthFlowStatus,
  redirectURIFor,
  OAuthFlowError,
  OAUTH_FLOW_TTL_SECONDS,
  OAUTH_FLOW_FAILURES,
  type OAuthFlowFailure,
  type CallbackResult,
} from './oauth-flow.js'
export {
  saveOAuthClient,
  findOAuthClientSettings,
  removeOAuthClient,
  oauthClientConfigured,
  type OAuthClientInput,
  type OAuthClientSettings,
} from './oauth-client.js'
export {
  connectKeyCredential,
  reconnectKeyCredential,
  sessionCredentials,
  pickerApps,
  sessionActor,
  type SessionCredential,
} from './connect.js'
export { createRefresher, type Refresher, type RefreshOutcome } from './refresh.js'
export { isFresh, refreshMarginSeconds, DEFAULT_REFRESH_MARGIN_SECONDS } from './freshness.js'
export { markExpired, expireCredential } from './expire.js'
export { EXPIRY_REASONS, expiryReasonOf, type ExpiryReason } from './expiry-reasons.js'
export {
  checkCredential,
  runCheck,
  runScheduledCheck,
  nextCheckAt,
  CHECK_FAILURE_BOUND_MS,
  type CheckResult,
  type CheckDeps,
} from './check.js'
export { credentialSweeps, type CredentialSweep, type SweepOptions } from './sweeps.js'
export { revokeAtProvider, revokeRemovedAtProviders, type RevocationOutcome } from './revoke.js'
export {
  mergeMetadata,
  parseMetadata,
  metadataFilter,
  METADATA_KEY,
  METADATA_MAX_BYTES,
  METADATA_MAX_KEYS,
  METADATA_MAX_STRING,
  type Metadata,
  type StoredMetadata,
} from './platform-metadata.js'
