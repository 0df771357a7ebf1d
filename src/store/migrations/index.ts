import type { Migration } from 'kysely'
import { initial } from './001-initial.js'
import { webhookAttempts } from './002-webhook-attempts.js'
import { oauthFlowOutcome } from './004-oauth-flow-outcome.js'
import { credentialRefreshExpiryIndex } from './010-credential-refresh-expiry-index.js'
import { clampCredentialTimestamps } from './2026-12-03T1841-clamp-credential-timestamps.js'
import { agentTokens } from './2026-12-03T1842-agent-tokens.js'
import { auditUserDetail } from './2026-12-03T1850-audit-user-detail.js'
import { credentialWorkspaceIndex } from './2026-12-03T1905-credential-workspace-index.js'
import { eventCredential } from './2026-12-03T1915-event-credential.js'
import { agentTokenClient } from './2026-12-03T1921-agent-token-client.js'
import { workspaceSettings } from './2026-12-03T1950-workspace-settings.js'
import { idempotencyKeys } from './2026-12-03T2015-idempotency-keys.js'
import { userMetadata } from './2026-12-03T2030-user-metadata.js'
import { credentialPlatformMetadata } from './2026-12-03T2240-credential-metadata.js'
import { consoleUsers } from './2026-12-03T2303-console-users.js'

/** Every migration, in order. Append only; never edit one that has shipped. */
export const migrations: Record<string, Migration> = {
  '001-initial': initial,
  '002-webhook-attempts': webhookAttempts,
  '004-oauth-flow-outcome': oauthFlowOutcome,
  '010-credential-refresh-expiry-index': credentialRefreshExpiryIndex,
  '2026-12-03T1841-clamp-credential-timestamps': clampCredentialTimestamps,
  '2026-12-03T1842-agent-tokens': agentTokens,
  '2026-12-03T1850-audit-user-detail': auditUserDetail,
  '2026-12-03T1905-credential-workspace-index': credentialWorkspaceIndex,
  '2026-12-03T1915-event-credential': eventCredential,
  '2026-12-03T1921-agent-token-client': agentTokenClient,
  '2026-12-03T1950-workspace-settings': workspaceSettings,
  '2026-12-03T2015-idempotency-keys': idempotencyKeys,
  '2026-12-03T2030-user-metadata': userMetadata,
  '2026-12-03T2240-credential-metadata': credentialPlatformMetadata,
  '2026-12-03T2303-console-users': consoleUsers,
}
