// The OAuth authorization-code flow as the modal runs it (docs/architecture.md §3, RFC 9700):
//   start (connect token) → bind to the browser + redirect to the provider (popup) → callback → credential.
// `state` is 256-bit, stored only as a hash, single use, 10 minutes, bound to the browser that opened the provider;
// the PKCE verifier is sealed; tokens are sealed and never reach the browser. Every check that can fail runs
// before the provider's token endpoint is called.
import type { App } from '../catalog/index.js'
import { hashSecret, open, seal, type SealContext } from '../crypto/index.js'
import { AppError } from '../errors.js'
import { newId, randomToken } from '../ids.js'
import {
  createAuthorizationURL,
  generateCodeVerifier,
  generateState,
  readAuthorizationResponse,
  callbackValues,
  usesPKCE,
  validateAuthorizationCode,
  quirkAfterCodeExchange,
  quirkConnectionMetadata,
  AuthorizationResponseError,
  OAuthNetworkError,
  OAuthResponseError,
  type TokenResult,
} from '../oauth/index.js'
import {
  bindOAuthFlow,
  claimOAuthFlow,
  findCredential,
  findOAuthClient,
  findOAuthFlow,
  finishOAuthFlow,
  insertOAuthFlow,
  SEALED,
  sealContextOf,
  type OAuthFlowRow,
} from '../store/index.js'
import type { ConnectSession } from './connect-token.js'
import { requireAllowedApp } from './connect-token.js'
import { insertNewCredential, requireApp, requireOAuthApp, requireUser } from './create.js'
import type { Actor, CredentialDeps } from './deps.js'
import { defaultCredentialName, publicFieldValues, validateFieldValues } from './fields.js'
import { loadOAuthClient } from './oauth-client.js'
import { reconnectCredential } from './reconnect.js'
import type { CredentialSecret } from './secret.js'
import { beginOAuth1Authorization, completeOAuth1Flow, oauth1RecipeOf } from './oauth1-flow.js'

import { OAuthFlowError, type OAuthFlowFailure } from './oauth-flow-error.js'

export { OAuthFlowError, OAUTH_FLOW_FAILURES, type OAuthFlowFailure } from './oauth-flow-error.js'

export const OAUTH_FLOW_TTL_SECONDS = 600

const verifierContext = (workspaceId: string, stateHash: string): SealContext =>
  sealContextOf(SEALED.oauthFlowVerifier, workspaceId, stateHash)

export function redirectURIFor(publicURL: string, appId: string): string {
  return `${publicURL}/oauth/callback/${appId}`
}

/** An app that connects through the provider popup: OAuth 2.0 authorization code or OAuth 1.0a (RFC 5849 §2). */
function requireRedirectApp(deps: Pick<CredentialDeps, 'catalog'>, appId: string): App {
  const app = requireApp(deps, appId)
  if (!app.oauth && !oauth1RecipeOf(app))
    throw new AppError('not_oauth_app', `${app.name} does not use OAuth: fill in its form instead.`)
  return app
}

async function requireClient(deps: CredentialDeps, workspaceId: string, app: App) {
  const client = await findOAuthClient(deps.db, workspaceId, app.id)
  if (!client) {
    throw new AppError(
      'oauth_client_not_configured',
      `${app.name} cannot be connected yet: this platform has not set up its ${app.name} integration. Please contact the platform's support.`,
    )
  }
  return client
}

/** Step 1 (modal, connect token): records a flow and returns its `state`, which the popup posts to /oauth/start. */
export async function startOAuthFlow(
  deps: CredentialDeps,
  session: ConnectSession,
  input: { app: string; fields?: Record<string, unknown>; credentialId?: string },
): Promise<{ state: string; expiresAt: string }> {
  requireAllowedApp(session, input.app)
  const app = requireRedirectApp(deps, input.app)
  await requireClient(deps, session.workspaceId, app)
  const fields = validateFieldValues(app, input.fields ?? {})
  if (input.credentialId) {
    const existing = await findCredential(deps.db, session.workspaceId, input.credentialId)
    if (!existing || existing.userId !== session.userId || existing.app !== app.id) {
      throw new AppError('credential_not_found', 'That connection no longer exists.')
    }
  }
  const now = deps.now()
  const state = generateState()
  const stateHash = hashSecret(state)
  const expiresAt = new Date(now.getTime() + OAUTH_FLOW_TTL_SECONDS * 1000).toISOString()
  await insertOAuthFlow(deps.db, {
    stateHash,
    workspaceId: session.workspaceId,
    userId: session.userId,
    app: app.id,
    credentialId: input.credentialId ?? null,
    // OAuth 1.0a flows seal their temporary credentials here at /oauth/start instead.
    verifierSealed:
      app.oauth && usesPKCE(app.oauth)
        ? seal(
            deps.keyring,
            generateCodeVerifier(),
            verifierContext(session.workspaceId, stateHash),
          )
        : null,
    browserHash: '',
    fields: JSON.stringify(fields),
    expiresAt,
    usedAt: null,
    createdAt: now.toISOString(),
    errorMessage: null,
  })
  return { state, expiresAt }
}

function checkFresh(flow: OAuthFlowRow | null, now: Date): OAuthFlowRow {
  if (!flow) throw new OAuthFlowError('unknown_state')
  if (flow.usedAt !== null) throw new OAuthFlowError('used_state')
  if (Date.parse(flow.expiresAt) <= now.getTime()) throw new OAuthFlowError('expired_state')
  return flow
}

/**
 * Step 2 (popup, top-level POST from the modal's own origin): binds the flow to this browser's cookie secret and
 * returns the provider's consent URL. A flow binds once; the cookie is HttpOnly and SameSite=Lax, so it comes back
 * on the provider's top-level redirect to the callback and nowhere else.
 */
export async function beginAuthorization(
  deps: CredentialDeps & { publicURL: string },
  input: { state: string; browserSecret: string | null },
): Promise<{ authorizationURL: string; browserSecret: string }> {
  const stateHash = hashSecret(input.state)
  const flow = checkFresh(await findOAuthFlow(deps.db, stateHash), deps.now())
  const browserSecret =
    input.browserSecret && /^[A-Za-z0-9_-]{43}$/.test(input.browserSecret)
      ? input.browserSecret
      : randomToken('ct').slice(3)
  if (!(await bindOAuthFlow(deps.db, stateHash, hashSecret(browserSecret))))
    throw new OAuthFlowError('other_browser')
  const recipe = oauth1RecipeOf(requireApp(deps, flow.app))
  if (recipe) {
    const authorizationURL = await beginOAuth1Authorization(deps, {
      flow,
      recipe,
      state: input.state,
      callbackURL: redirectURIFor(deps.publicURL, flow.app),
    }).catch(async (error: unknown) => {
      // The flow cannot go on: it is spent, and the modal that polls it learns why.
      const failure = toFlowError(error)
      if (await claimOAuthFlow(deps.db, stateHash, deps.now().toISOString()))
        await finishOAuthFlow(deps.db, stateHash, {
          credentialId: null,
          errorMessage: failure.reason,
        })
      throw failure
    })
    return { authorizationURL, browserSecret }
  }
  const app = requireOAuthApp(deps, flow.app)
  const client = await findOAuthClient(deps.db, flow.workspaceId, app.id)
  if (!client) throw new OAuthFlowError('client_not_configured')
  const fields = JSON.parse(flow.fields) as Record<string, string>
  const scopes = client.scopes ? (JSON.parse(client.scopes) as string[]) : undefined
  const url = await createAuthorizationURL({
    recipe: app.oauth,
    clientId: client.clientId,
    redirectURI: redirectURIFor(deps.publicURL, app.id),
    state: input.state,
    codeVerifier: flow.verifierSealed
      ? open(deps.keyring, flow.verifierSealed, verifierContext(flow.workspaceId, stateHash))
      : null,
    connection: fields,
    ...(scopes && scopes.length > 0 ? { scopes } : {}),
  })
  return { authorizationURL: url.href, browserSecret }
}

export interface CallbackResult {
  credentialId: string
  app: string
  reconnected: boolean
}

/**
 * Step 3 (GET /oauth/callback/{app}): every check first (state known, unused, fresh, this browser, this app's
 * redirect URI, iss), then the single-use claim, then the code exchange, then the sealed credential.
 */
export async function completeOAuthFlow(
  deps: CredentialDeps & { publicURL: string },
  input: {
    app: string
    params: URLSearchParams
    browserSecret: string | null
    requestId: string | null
  },
): Promise<CallbackResult> {
  const state = input.params.get('state')
  if (!state) throw new OAuthFlowError('missing_state')
  const stateHash = hashSecret(state)
  const now = deps.now()
  const flow = checkFresh(await findOAuthFlow(deps.db, stateHash), now)
  if (
    !input.browserSecret ||
    flow.browserHash === '' ||
    hashSecret(input.browserSecret) !== flow.browserHash
  ) {
    throw new OAuthFlowError('other_browser')
  }
  // RFC 9700 §4.4: one redirect URI per app; a response for one app's flow arriving at another's is a mix-up.
  if (flow.app !== input.app) throw new OAuthFlowError('wrong_app')
  if (!(await claimOAuthFlow(deps.db, stateHash, now.toISOString())))
    throw new OAuthFlowError('used_state')
  try {
    const result = await exchangeAndStore(deps, flow, stateHash, input)
    await finishOAuthFlow(deps.db, stateHash, {
      credentialId: result.credentialId,
      errorMessage: null,
    })
    return result
  } catch (error) {
    const failure = error instanceof OAuthFlowError ? error : toFlowError(error)
    await finishOAuthFlow(deps.db, stateHash, { credentialId: null, errorMessage: failure.reason })
    throw failure
  }
}

function toFlowError(error: unknown): OAuthFlowError {
  if (error instanceof OAuthFlowError) return error
  if (error instanceof AuthorizationResponseError) {
    const reason =
      error.error === 'access_denied'
        ? 'access_denied'
        : error.error === 'issuer_mismatch'
          ? 'issuer_mismatch'
          : 'provider_error'
    return new OAuthFlowError(reason, { cause: error })
  }
  if (error instanceof OAuthNetworkError)
    return new OAuthFlowError('provider_unreachable', { cause: error })
  if (error instanceof OAuthResponseError)
    return new OAuthFlowError('exchange_failed', { cause: error })
  if (error instanceof AppError && error.code === 'credential_not_found')
    return new OAuthFlowError('credential_gone', { cause: error })
  return new OAuthFlowError('exchange_failed', { cause: error })
}

async function exchangeAndStore(
  deps: CredentialDeps & { publicURL: string },
  flow: OAuthFlowRow,
  stateHash: string,
  input: { params: URLSearchParams; requestId: string | null },
): Promise<CallbackResult> {
  const recipe = oauth1RecipeOf(requireApp(deps, flow.app))
  if (recipe) {
    const app = requireApp(deps, flow.app)
    const done = await completeOAuth1Flow(deps, {
      flow,
      app,
      recipe,
      params: input.params,
      requestId: input.requestId,
    })
    return { ...done, app: app.id }
  }
  const app = requireOAuthApp(deps, flow.app)
  const code = readAuthorizationResponse({ recipe: app.oauth }, input.params)
  const client = await loadOAuthClient(deps, flow.workspaceId, app.id)
  if (!client) throw new OAuthFlowError('client_not_configured')
  const fields = JSON.parse(flow.fields) as Record<string, string>
  const connection = { ...fields, ...callbackValues(app.oauth, input.params) }
  const call = {
    recipe: app.oauth,
    client,
    connection,
    fetch: deps.fetch,
    now: deps.now,
  }
  let tokens = await validateAuthorizationCode({
    ...call,
    code,
    redirectURI: redirectURIFor(deps.publicURL, app.id),
    codeVerifier: flow.verifierSealed
      ? open(deps.keyring, flow.verifierSealed, verifierContext(flow.workspaceId, stateHash))
      : null,
  })
  // Meta and Instagram swap the short-lived token for a long-lived one; DocuSign reads its account.
  tokens = await quirkAfterCodeExchange(call, tokens)
  // What API calls need besides the token (Atlassian cloud id, Xero tenant), read once with the new token.
  const connectionMetadata = await quirkConnectionMetadata(app.oauth.quirks ?? undefined, tokens, {
    fetch: deps.fetch,
  })
  tokens = { ...tokens, metadata: { ...tokens.metadata, ...connectionMetadata } }
  const user = await requireUser(deps.db, flow.workspaceId, flow.userId)
  const actor: Actor = {
    workspaceId: flow.workspaceId,
    actor: `user:${flow.userId}`,
    requestId: input.requestId,
  }
  const parts = credentialParts(app, fields, connection, tokens, deps.now())
  if (flow.credentialId) {
    await reconnectCredential(deps, actor, user, app, flow.credentialId, parts)
    return { credentialId: flow.credentialId, app: app.id, reconnected: true }
  }
  const view = await insertNewCredential(deps, actor, user, app, {
    ...parts,
    name: defaultCredentialName(app, fields),
    id: newId('cred', deps.now().getTime()),
  })
  return { credentialId: view.credentialId, app: app.id, reconnected: false }
}

function credentialParts(
  app: App & { oauth: NonNullable<App['oauth']> },
  fields: Record<string, string>,
  connection: Record<string, string>,
  tokens: TokenResult,
  now: Date,
) {
  const secret: CredentialSecret = {
    kind: 'oauth2',
    accessToken: tokens.accessToken,
    tokenType: tokens.tokenType,
    refreshToken: tokens.refreshToken,
    scope: tokens.scope,
    idToken: tokens.idToken,
    connection,
    obtainedAt: now.toISOString(),
  }
  const refreshLifetime = app.oauth.refresh.refreshTokenLifetimeSeconds
  return {
    secret,
    metadata: {
      ...publicFieldValues(app, fields),
      ...Object.fromEntries(Object.entries(connection).filter(([k]) => !(k in fields))),
      ...tokens.metadata,
      ...(tokens.scope !== null ? { scope: tokens.scope } : {}),
    },
    expiresAt: tokens.expiresAt,
    refreshExpiresAt:
      tokens.refreshToken && refreshLifetime
        ? new Date(now.getTime() + refreshLifetime * 1000).toISOString()
        : null,
    nextCheckAt: null,
  }
}

/** For the modal's polling: how the flow it started ended. Only the session that started it may ask. */
export async function oauthFlowStatus(
  deps: Pick<CredentialDeps, 'db' | 'now'>,
  session: ConnectSession,
  state: string,
): Promise<
  | { status: 'pending' }
  | { status: 'connected'; credentialId: string; app: string }
  | { status: 'failed'; reason: OAuthFlowFailure }
> {
  const flow = await findOAuthFlow(deps.db, hashSecret(state))
  if (!flow || flow.workspaceId !== session.workspaceId || flow.userId !== session.userId) {
    return { status: 'failed', reason: 'unknown_state' }
  }
  if (flow.credentialId && flow.usedAt)
    return { status: 'connected', credentialId: flow.credentialId, app: flow.app }
  if (flow.errorMessage) return { status: 'failed', reason: flow.errorMessage as OAuthFlowFailure }
  if (!flow.usedAt && Date.parse(flow.expiresAt) <= deps.now().getTime())
    return { status: 'failed', reason: 'expired_state' }
  return { status: 'pending' }
}
