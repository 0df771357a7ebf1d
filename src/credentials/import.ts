import { AppError } from '../errors.js'
import { parseTimestamp } from '../timestamps.js'
import type { Actor, CredentialDeps } from './deps.js'
import { insertNewCredential, requireApp, requireUser } from './create.js'
import { defaultCredentialName, publicFieldValues, validateFieldValues } from './fields.js'
import { type Metadata } from './platform-metadata.js'
import type { CredentialView } from './view.js'

export interface ImportTokensInput {
  userId: string
  app: string
  tokens: {
    accessToken: string
    refreshToken?: string
    expiresAt?: string
    scope?: string
    tokenType?: string
  }
  data?: Record<string, unknown>
  name?: string
  metadata?: Metadata
}

/** POST /v1/credentials/import: OAuth tokens obtained elsewhere, moved into Keyport. */
export async function importOAuthCredential(
  deps: CredentialDeps,
  actor: Actor,
  input: ImportTokensInput,
): Promise<CredentialView> {
  const app = requireApp(deps, input.app)
  // OAuth 2.0 tokens only: OAuth 1.0a token credentials are connected through the modal.
  if (!app.oauth) {
    throw new AppError(
      'not_oauth_app',
      `${app.name} is not an OAuth app: create its credential with POST /v1/credentials.`,
    )
  }
  const user = await requireUser(deps.db, actor.workspaceId, input.userId)
  const values = validateFieldValues(app, input.data ?? {})
  const { tokens } = input
  let expiresAt: string | null = null
  if (tokens.expiresAt !== undefined) {
    // Checked here too, not only by the route's schema: a value that cannot be stored must never reach the insert.
    const at = parseTimestamp(tokens.expiresAt)
    if (!at) {
      const message = 'must be an RFC 3339 timestamp in the years 0001–9999'
      throw new AppError('invalid_request', `tokens.expiresAt ${message}`, {
        fields: [{ field: 'tokens.expiresAt', message }],
      })
    }
    expiresAt = at.toISOString()
  }
  return insertNewCredential(deps, actor, user, app, {
    name: input.name ?? defaultCredentialName(app, values),
    secret: {
      kind: 'oauth2',
      accessToken: tokens.accessToken,
      tokenType: tokens.tokenType ?? 'Bearer',
      refreshToken: tokens.refreshToken ?? null,
      scope: tokens.scope ?? null,
      idToken: null,
      connection: values,
    },
    metadata: {
      ...publicFieldValues(app, values),
      ...(tokens.scope ? { scope: tokens.scope } : {}),
    },
    ...(input.metadata ? { platformMetadata: input.metadata } : {}),
    expiresAt,
    nextCheckAt: null,
  })
}
