import type { App } from '../catalog/index.js'
import { sealJSON } from '../crypto/index.js'
import { AppError } from '../errors.js'
import { newId } from '../ids.js'
import {
  findUser,
  insertCredential,
  isForeignKeyViolation,
  lockUser,
  type CredentialRow,
  type DB,
  type UserRow,
} from '../store/index.js'
import { recordEvent } from '../webhooks/index.js'
import { auditNow } from './activity.js'
import type { Actor, CredentialDeps } from './deps.js'
import { defaultCredentialName, publicFieldValues, validateFieldValues } from './fields.js'
import { mergeCredentialMetadata, type Metadata } from './platform-metadata.js'
import { credentialSecretContext, type CredentialSecret } from './secret.js'
import { hostPlaceholders, verifyCredentials } from './verify.js'
import { toCredentialView, type CredentialView } from './view.js'
import { credentialEventData } from './events.js'
import { mintedCredentialParts } from './mint.js'
import { verificationSigner } from './verification-signer.js'
import { credentialMints } from '../auth-schemes/index.js'

export interface CreateKeyCredentialInput {
  userId: string
  app: string
  data: Record<string, unknown>
  name?: string
  skipVerification?: boolean
  metadata?: Metadata
}

const DAY_SECONDS = 86_400

/**
 * Where a request named an app: a URL path segment (`/v1/apps/{app}`: the resource is missing, 404 app_not_found)
 * or a body or token field (the input is invalid, 422 unknown_app).
 */
export type AppReference = 'path' | 'body'

/** The catalog app a request names; the one lookup every route and use case goes through. */
export function requireApp(
  deps: Pick<CredentialDeps, 'catalog'>,
  appId: string,
  from: AppReference = 'body',
): App {
  const app = deps.catalog.get(appId)
  if (app) return app
  if (from === 'path')
    throw new AppError('app_not_found', `There is no app "${appId}" in the catalog.`)
  throw new AppError(
    'unknown_app',
    `There is no app "${appId}" in the catalog. GET /v1/apps lists them.`,
  )
}

export type OAuthApp = App & { oauth: NonNullable<App['oauth']> }

/** requireApp, then 422 not_oauth_app for an app connected with a form of fields. */
export function requireOAuthApp(
  deps: Pick<CredentialDeps, 'catalog'>,
  appId: string,
  from: AppReference = 'body',
): OAuthApp {
  const app = requireApp(deps, appId, from)
  if (!app.oauth)
    throw new AppError(
      'not_oauth_app',
      `${app.name} does not use OAuth: it is connected with its form, and takes no OAuth client.`,
    )
  return app as OAuthApp
}

/**
 * requireApp, then 422 not_oauth_app unless the app takes a workspace OAuth client: OAuth 2.0, or three-legged
 * OAuth 1.0a (the client id and secret are its consumer key and secret).
 */
export function requireClientApp(
  deps: Pick<CredentialDeps, 'catalog'>,
  appId: string,
  from: AppReference = 'body',
): App {
  const app = requireApp(deps, appId, from)
  if (!app.isOAuth)
    throw new AppError(
      'not_oauth_app',
      `${app.name} does not use OAuth: it is connected with its form, and takes no OAuth client.`,
    )
  return app
}

export async function requireUser(db: DB, workspaceId: string, userId: string): Promise<UserRow> {
  const user = await findUser(db, workspaceId, userId)
  if (!user) throw new AppError('user_not_found', `No user ${userId} in this workspace.`)
  return user
}

/**
 * Runs the app's declared check, if it has one: a rejected key is 422 credential_verification_failed; a provider
 * that could not be asked is 502 verification_unavailable, never reported as an invalid key; a typed host the
 * outbound guard refused is 422 invalid_credential_data naming that field.
 */
export async function requireVerified(
  deps: CredentialDeps,
  app: App,
  values: Readonly<Record<string, string>>,
): Promise<void> {
  if (!app.verification) return
  const result = await verifyCredentials(deps.fetch, app.verification, values, {
    sign: verificationSigner(deps, app, values),
  })
  if (result.outcome === 'refused') throw refusedHost(app, app.verification.url)
  if (result.outcome === 'rejected') {
    throw new AppError(
      'credential_verification_failed',
      `${app.name} rejected these credentials (HTTP ${result.status}).`,
    )
  }
  // Only a proven 'valid' stores the key: any outcome not handled above is "could not verify".
  if (result.outcome !== 'valid') {
    throw new AppError(
      'verification_unavailable',
      `Could not verify the credentials: ${app.name} ${result.reason}. Nothing was saved; try again later.`,
    )
  }
}

/**
 * The error for a verification the outbound guard refused. The resolved address stays in the server's knowledge:
 * echoing it would let a caller map internal DNS names.
 */
export function refusedHost(app: App, template: string): AppError {
  const typed = hostPlaceholders(template)
    .map((name) => app.fields.find((f) => f.name === name))
    .filter((f) => f !== undefined)
  if (typed.length === 0) {
    // The catalog itself points at a private address: the operator must trust it (KEYPORT_TRUSTED_PRIVATE_HOSTS).
    return new AppError(
      'verification_unavailable',
      `Could not verify the credentials: ${app.name}'s server is at a private address this Keyport does not ` +
        'trust (KEYPORT_TRUSTED_PRIVATE_HOSTS). Nothing was saved.',
    )
  }
  const message =
    'points to a private, loopback or otherwise non-public address, which Keyport may not call'
  return new AppError(
    'invalid_credential_data',
    `Invalid credential data: ${typed.map((f) => `${f.displayName} ${message}`).join('; ')}`,
    { fields: typed.map((f) => ({ field: f.name, message: `${f.displayName} ${message}` })) },
  )
}

/** POST /v1/credentials: a key-based credential the platform already holds. OAuth apps go through the modal. */
export async function createKeyCredential(
  deps: CredentialDeps,
  actor: Actor,
  input: CreateKeyCredentialInput,
): Promise<CredentialView> {
  const app = requireApp(deps, input.app)
  if (app.isOAuth) {
    throw new AppError(
      'oauth_app_requires_modal',
      `${app.name} uses OAuth: the user must connect it through the Keyport modal (Keyport.connect). ` +
        'To move tokens you already hold, use POST /v1/credentials/import.',
    )
  }
  const user = await requireUser(deps.db, actor.workspaceId, input.userId)
  const values = validateFieldValues(app, input.data)
  return insertNewCredential(deps, actor, user, app, {
    name: input.name ?? defaultCredentialName(app, values),
    ...(await typedCredentialParts(deps, app, values, input)),
    ...(input.metadata ? { platformMetadata: input.metadata } : {}),
  })
}

/**
 * What is stored for values the user typed: the fields of a key (checked by the app's verification), or for a
 * minting app (client credentials, JWT bearer, GitHub App) the prepared values and a first token.
 */
export async function typedCredentialParts(
  deps: CredentialDeps,
  app: App,
  values: Record<string, string>,
  options: { skipVerification?: boolean } = {},
): Promise<Pick<NewCredentialParts, 'secret' | 'metadata' | 'expiresAt' | 'nextCheckAt'>> {
  if (credentialMints(app, values)) return mintedCredentialParts(deps, app, values, options)
  if (!options.skipVerification) await requireVerified(deps, app, values)
  const now = deps.now()
  const lifetime = app.key?.keyLifetimeSeconds
  const interval = app.key?.checkIntervalSeconds ?? DAY_SECONDS
  return {
    secret: { kind: 'fields', fields: values },
    metadata: publicFieldValues(app, values),
    expiresAt: lifetime ? new Date(now.getTime() + lifetime * 1000).toISOString() : null,
    // Spread checks over the interval so a bulk import does not fire them all at once.
    nextCheckAt: app.verification
      ? new Date(now.getTime() + interval * 1000 * (0.5 + Math.random())).toISOString()
      : null,
  }
}

export interface NewCredentialParts {
  name: string
  secret: CredentialSecret
  metadata: Record<string, unknown>
  expiresAt: string | null
  nextCheckAt: string | null
  refreshExpiresAt?: string | null
  /** The platform's own metadata from the request; it may not reuse a key of `metadata`. */
  platformMetadata?: Metadata
  /** Set when the caller chose the id beforehand (the OAuth flow). */
  id?: string
}

/**
 * Runs `work` in a transaction that holds the user's row (lockUser, `share`), so the user cannot be deleted until
 * it commits; a user deleted before it began, or a foreign key that fails anyway, is 404 user_not_found, not a 500.
 */
export async function inUserTransaction<T>(
  deps: Pick<CredentialDeps, 'db' | 'dialect'>,
  workspaceId: string,
  userId: string,
  work: (trx: DB) => Promise<T>,
): Promise<T> {
  const gone = () => new AppError('user_not_found', `No user ${userId} in this workspace.`)
  try {
    return await deps.db.transaction().execute(async (trx) => {
      if (!(await lockUser(trx, deps.dialect, workspaceId, userId, 'share'))) throw gone()
      return work(trx)
    })
  } catch (error) {
    if (isForeignKeyViolation(error)) throw gone()
    throw error
  }
}

/** Seals and inserts a credential, with its audit row and credential.created event, in one transaction. */
export async function insertNewCredential(
  deps: CredentialDeps,
  actor: Actor,
  user: UserRow,
  app: App,
  parts: NewCredentialParts,
): Promise<CredentialView> {
  const now = deps.now()
  const at = now.toISOString()
  const id = parts.id ?? newId('cred', now.getTime())
  const row: CredentialRow = {
    id,
    workspaceId: actor.workspaceId,
    userId: user.id,
    app: app.id,
    name: parts.name,
    type: app.authType,
    status: 'active',
    secretSealed: sealJSON(
      deps.keyring,
      parts.secret,
      credentialSecretContext(actor.workspaceId, id),
    ),
    metadata: JSON.stringify(parts.metadata),
    platformMetadata: mergeCredentialMetadata(parts.metadata, {}, parts.platformMetadata ?? {}),
    expiresAt: parts.expiresAt,
    refreshExpiresAt: parts.refreshExpiresAt ?? null,
    version: 1,
    createdAt: at,
    updatedAt: at,
    lastUsedAt: null,
    lastRefreshedAt: null,
    lastCheckedAt: null,
    nextCheckAt: parts.nextCheckAt,
    failureCount: 0,
    failingSince: null,
    expiredReason: null,
    expiredAt: null,
    expiringNotifiedAt: null,
  }
  await inUserTransaction(deps, actor.workspaceId, user.id, async (trx) => {
    await insertCredential(trx, row)
    await auditNow(
      trx,
      { ...actor, action: 'credential.create', target: id, userId: row.userId },
      now,
    )
    await recordEvent(
      trx,
      {
        workspaceId: actor.workspaceId,
        type: 'credential.created',
        data: credentialEventData(row, user),
      },
      now,
    )
  })
  return toCredentialView(row)
}
