// The OAuth 1.0a redirection-based flow (RFC 5849 §2) on the modal's OAuth machinery (oauth-flow.ts): the same flow
// row, state, browser binding and single-use claim, so only the provider legs differ.
//   /oauth/start: temporary credentials requested with oauth_callback = the app's callback URL carrying `state`;
//     the temporary token and its secret are sealed into the flow row; the popup goes to the authorization URL.
//   /oauth/callback/{app}?state=…&oauth_token=…&oauth_verifier=…: the returned token must be the flow's own
//     (a token from another authorization cannot be planted), then token credentials are requested and sealed.
// The consumer key and secret are the workspace's OAuth client row; they are read when needed, never copied.
import { fillTemplate, type App, type OAuth1Recipe } from '../catalog/index.js'
import {
  hashesEqual,
  hashSecret,
  open,
  openJSON,
  sealJSON,
  type SealContext,
} from '../crypto/index.js'
import { newId } from '../ids.js'
import {
  createAuthorizationURL,
  requestTemporaryCredentials,
  requestTokenCredentials,
  OAuth1NetworkError,
  OAuth1ResponseError,
  type ClientCredentials,
  type OAuth1Endpoints,
} from '../auth-schemes/oauth1/index.js'
import { SEALED, sealContextOf, setOAuthFlowSecret, type OAuthFlowRow } from '../store/index.js'
import { loadOAuthClient } from './oauth-client.js'
import { insertNewCredential, requireUser } from './create.js'
import type { Actor, CredentialDeps } from './deps.js'
import { defaultCredentialName, publicFieldValues } from './fields.js'
import { reconnectCredential } from './reconnect.js'
import type { CredentialSecret } from './secret.js'
import { nextCheckAt } from './check.js'
import { OAuthFlowError } from './oauth-flow-error.js'

/** The app's recipe when it connects by the OAuth 1.0a redirection flow, else null. */
export function oauth1RecipeOf(app: App): OAuth1Recipe | null {
  return app.auth.type === 'oauth1' ? app.auth : null
}

/** The temporary credentials, sealed in the flow row's one secret column (the PKCE verifier's for OAuth 2.0). */
const temporaryContext = (workspaceId: string, stateHash: string): SealContext =>
  sealContextOf(SEALED.oauthFlowVerifier, workspaceId, stateHash)

interface TemporaryCredentials {
  token: string
  tokenSecret: string
}

/** The recipe's endpoints with connection fields filled in (URL-encoded in URLs, as every template is). */
export function oauth1Endpoints(
  recipe: OAuth1Recipe,
  values: Readonly<Record<string, string>>,
): OAuth1Endpoints {
  const url = (template: string) => fillTemplate(template, values, { encode: true })
  return {
    requestTokenURL: url(recipe.requestTokenURL),
    authorizationURL: url(recipe.authorizationURL),
    accessTokenURL: url(recipe.accessTokenURL),
    signatureMethod: recipe.signatureMethod,
    realm:
      recipe.realm !== undefined ? fillTemplate(recipe.realm, values, { encode: false }) : null,
    authorizationParams: Object.fromEntries(
      Object.entries(recipe.authorizationParams ?? {}).map(([k, v]) => [
        k,
        fillTemplate(v, values, { encode: false }),
      ]),
    ),
  }
}

/** The workspace's consumer key and secret for this app (its OAuth client row), or null when none is set. */
export async function oauth1Client(
  deps: Pick<CredentialDeps, 'db' | 'keyring'>,
  workspaceId: string,
  appId: string,
): Promise<ClientCredentials | null> {
  const client = await loadOAuthClient(deps, workspaceId, appId)
  return client && { consumerKey: client.clientId, consumerSecret: client.clientSecret }
}

/** The provider legs' errors as flow failures; anything else (a reconnect target gone...) passes through. */
function failureOf(error: unknown): unknown {
  if (error instanceof OAuth1NetworkError)
    return new OAuthFlowError('provider_unreachable', { cause: error })
  if (error instanceof OAuth1ResponseError)
    return new OAuthFlowError('exchange_failed', { cause: error })
  return error
}

/**
 * /oauth/start for an OAuth 1.0a app (RFC 5849 §2.1–§2.2): asks for temporary credentials with this flow's callback,
 * seals them into the flow row and returns where the popup goes.
 */
export async function beginOAuth1Authorization(
  deps: CredentialDeps,
  input: { flow: OAuthFlowRow; recipe: OAuth1Recipe; state: string; callbackURL: string },
): Promise<string> {
  const { flow, recipe } = input
  const client = await oauth1Client(deps, flow.workspaceId, flow.app)
  if (!client) throw new OAuthFlowError('client_not_configured')
  const endpoints = oauth1Endpoints(recipe, JSON.parse(flow.fields) as Record<string, string>)
  const callback = new URL(input.callbackURL)
  callback.searchParams.set('state', input.state)
  try {
    const temporary = await requestTemporaryCredentials({
      endpoints,
      client,
      callbackURL: callback.href,
      fetch: deps.fetch,
    })
    const sealed = sealJSON(
      deps.keyring,
      { token: temporary.token, tokenSecret: temporary.tokenSecret },
      temporaryContext(flow.workspaceId, flow.stateHash),
    )
    if (!(await setOAuthFlowSecret(deps.db, flow.stateHash, sealed)))
      throw new OAuthFlowError('provider_error')
    return createAuthorizationURL(endpoints, temporary.token).href
  } catch (error) {
    throw failureOf(error)
  }
}

/**
 * /oauth/callback/{app} for an OAuth 1.0a app, after oauth-flow.ts has matched state, browser, app and claimed the
 * flow (RFC 5849 §2.2–§2.3): the callback's token must be this flow's temporary token; the verifier and the sealed
 * temporary secret buy token credentials, which become the credential's sealed secret.
 */
export async function completeOAuth1Flow(
  deps: CredentialDeps,
  input: {
    flow: OAuthFlowRow
    app: App
    recipe: OAuth1Recipe
    params: URLSearchParams
    requestId: string | null
  },
): Promise<{ credentialId: string; reconnected: boolean }> {
  const { flow, app, recipe, params } = input
  try {
    if (!flow.verifierSealed) throw new OAuthFlowError('provider_error')
    const temporary = openJSON<TemporaryCredentials>(
      deps.keyring,
      flow.verifierSealed,
      temporaryContext(flow.workspaceId, flow.stateHash),
    )
    const returned = params.get('oauth_token')
    const verifier = params.get('oauth_verifier')
    // No verifier: the user said no (X adds `denied`, others send nothing but the token).
    if (!verifier) throw new OAuthFlowError('access_denied')
    if (!returned || !hashesEqual(hashSecret(returned), hashSecret(temporary.token)))
      throw new OAuthFlowError('provider_error')
    const client = await oauth1Client(deps, flow.workspaceId, flow.app)
    if (!client) throw new OAuthFlowError('client_not_configured')
    const fields = JSON.parse(flow.fields) as Record<string, string>
    const issued = await requestTokenCredentials({
      endpoints: oauth1Endpoints(recipe, fields),
      client,
      temporary,
      verifier,
      fetch: deps.fetch,
    })
    const now = deps.now()
    const kept = Object.fromEntries(
      (recipe.tokenResponseMetadata ?? [])
        .filter((name) => issued.parameters[name] !== undefined)
        .map((name) => [name, issued.parameters[name]!.slice(0, 500)]),
    )
    const secret: CredentialSecret = {
      kind: 'oauth1',
      consumerKey: client.consumerKey,
      token: issued.token,
      tokenSecret: issued.tokenSecret,
      connection: fields,
      obtainedAt: now.toISOString(),
    }
    const parts = {
      secret,
      metadata: { ...publicFieldValues(app, fields), ...kept },
      // OAuth 1.0a token credentials have no stated lifetime: they last until the user revokes them.
      expiresAt: null,
      nextCheckAt: recipe.verification ? nextCheckAt(app, now) : null,
    }
    const user = await requireUser(deps.db, flow.workspaceId, flow.userId)
    const actor: Actor = {
      workspaceId: flow.workspaceId,
      actor: `user:${flow.userId}`,
      requestId: input.requestId,
    }
    if (flow.credentialId) {
      await reconnectCredential(deps, actor, user, app, flow.credentialId, parts)
      return { credentialId: flow.credentialId, reconnected: true }
    }
    const view = await insertNewCredential(deps, actor, user, app, {
      ...parts,
      name: defaultCredentialName(app, fields),
      id: newId('cred', now.getTime()),
    })
    return { credentialId: view.credentialId, reconnected: false }
  } catch (error) {
    throw failureOf(error)
  }
}
