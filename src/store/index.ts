// Store: the Kysely schema, migrations, and one file of queries per table. Functions take the
// database (or a transaction) first and filter by workspace. Must not: encrypt, decrypt or log secrets;
// secret columns only accept Sealed values.
export {
  openStore,
  isUniqueViolation,
  isForeignKeyViolation,
  pingDatabase,
  type Store,
  type DB,
} from './database.js'
export { migrateToLatest } from './migrate.js'
export type { ReadCredential } from './credential-reader.js'
export type * from './schema.js'
export { CREDENTIAL_STATUSES, type CredentialStatus } from './schema.js'
export { insertWorkspace, findWorkspace, hasAnyWorkspace, listWorkspaces } from './workspaces.js'
export {
  insertApiKey,
  findApiKeyByHash,
  revokeApiKey,
  listApiKeys,
  touchApiKey,
  type ApiKeySummary,
} from './api-keys.js'
export {
  insertConsoleUser,
  findConsoleUser,
  listConsoleUsers,
  updateConsoleUser,
  lockActiveAdmins,
  insertSignInLink,
  findSignInLink,
  claimSignInLink,
  deleteExpiredSignInLinks,
  deleteSignInLinksOf,
  type ConsoleUserRow,
} from './console-users.js'
export {
  insertConsoleSession,
  findConsoleSession,
  touchConsoleSession,
  deleteConsoleSession,
  deleteConsoleSessionsOf,
  deleteExpiredConsoleSessions,
  type ConsoleSessionRow,
  type ConsoleSessionWithUser,
} from './console-sessions.js'
export {
  insertUser,
  findUser,
  lockUser,
  listUsers,
  updateUser,
  deleteUser,
  type UserRow,
} from './users.js'
export {
  insertCredential,
  findCredential,
  listCredentialsOfUser,
  findCredentials,
  type CredentialQuery,
  renameCredential,
  updateCredentialPlatformMetadata,
  type CredentialMetadataFilter,
  updateCredentialIfVersion,
  deleteCredential,
  type CredentialRow,
} from './credentials.js'
export {
  upsertOAuthClient,
  findOAuthClient,
  listOAuthClientApps,
  deleteOAuthClient,
} from './oauth-clients.js'
export { insertAuditRows, listAuditRows, findAuditRows, type AuditQuery } from './audit-log.js'
export { touchCredentialBatch, type WriteActivity } from './activity-batch.js'
export {
  listLiveEncryptionKeys,
  listEncryptionKeys,
  findRetirement,
  insertEncryptionKey,
  retireEncryptionKeysExcept,
} from './encryption-keys.js'
export {
  SEALED,
  SEALED_COLUMNS,
  sealContextOf,
  listValuesNotUnder,
  countValuesUnder,
  replaceSealedValue,
  type SealedColumn,
  type SealedValue,
} from './sealed-columns.js'
export {
  insertWebhookEndpoint,
  findWebhookEndpoint,
  listWebhookEndpoints,
  listEnabledEndpointSubscriptions,
  findWebhookEndpointsByIds,
  updateWebhookEndpoint,
  deleteWebhookEndpoint,
  clearEndpointFailure,
  noteEndpointFailure,
  type WebhookEndpointRow,
} from './webhook-endpoints.js'
export {
  insertDeliveries,
  claimDueDeliveries,
  finishDeliveryAttempt,
  releaseDeliveryLeases,
  insertAttempt,
  listDeliveries,
  findDelivery,
  retryDeliveryNow,
  listAttempts,
  type WebhookDeliveryRow,
  type WebhookAttemptRow,
} from './webhook-deliveries.js'
export {
  findEvent,
  listEvents,
  findEventsByIds,
  insertEvent,
  listCredentialEvents,
  type EventRow,
} from './events.js'
export {
  insertConnectToken,
  findConnectTokenByHash,
  deleteExpiredConnectTokens,
  type ConnectTokenRow,
} from './connect-tokens.js'
export {
  insertAgentToken,
  findAgentTokenByHash,
  findAgentToken,
  listAgentTokensOfUser,
  revokeAgentToken,
  deleteExpiredAgentTokens,
  setAgentTokenClient,
  type AgentTokenRow,
} from './agent-tokens.js'
export {
  insertOAuthFlow,
  findOAuthFlow,
  bindOAuthFlow,
  claimOAuthFlow,
  finishOAuthFlow,
  setOAuthFlowSecret,
  deleteExpiredOAuthFlows,
  type OAuthFlowRow,
} from './oauth-flows.js'
export { findWorkspaceIdByName } from './workspace-names.js'
export {
  findWorkspaceSettings,
  saveWorkspaceSettings,
  type WorkspaceSettingsRow,
} from './workspace-settings.js'
export {
  listDueForRefresh,
  listLapsedKeys,
  listDueWarnings,
  claimExpiringWarning,
  listDueChecks,
  claimCheck,
  recordCheck,
  type SweepRow,
  RENEWED_TOKEN_TYPES,
} from './credential-sweeps.js'
export {
  findCredentialForUpdate,
  findCredentialSecret,
  markCredentialExpired,
  recordRefreshFailure,
} from './credential-state.js'
export {
  claimIdempotencyKey,
  findIdempotencyKey,
  completeIdempotencyKey,
  releaseIdempotencyKey,
  deleteExpiredIdempotencyKeys,
  type IdempotencyRow,
} from './idempotency-keys.js'
export {
  countCredentialsByAppAndStatus,
  countCredentialsNeedingAttention,
  countFailingDeliveries,
  type CredentialCount,
  type CredentialAttention,
} from './workspace-summary.js'
