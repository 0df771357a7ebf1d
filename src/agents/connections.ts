// What the MCP tools list_connections, describe_app and connect_app do for an agent's one user. Never a secret:
// the credential views carry none, and a connect link carries a fresh connect token, not a credential.
import type { App } from '../catalog/index.js'
import {
  createConnectLink as createHostedConnectLink,
  expiryReasonOf,
  requireApp,
  type ExpiryReason,
  type CredentialDeps,
} from '../credentials/index.js'
import { listCredentialsOfUser, type CredentialRow } from '../store/index.js'
import { agentMayUseApp, allowedMethods, requireAgentApp } from './allow.js'
import type { AgentSession } from './tokens.js'

/** A connect link lives a quarter of an hour: long enough to open and finish, short for a link an agent relays. */
export const CONNECT_LINK_TTL_SECONDS = 900

export interface Connection {
  credentialId: string
  app: string
  appName: string
  name: string
  status: string
  lastUsedAt: string | null
  /** When and why it expired (null while active), so an agent can tell its user what to reconnect and why. */
  expiredAt: string | null
  expiryReason: ExpiryReason | null
}

export interface AppDescription {
  app: string
  name: string
  authType: string
  categories: string[]
  docsUrl: string
  /** The base URL call_api paths are appended to; `{name}` parts come from the user's connection. */
  apiBaseUrl: string | null
  apiDocsUrl: string | null
  /** Why call_api cannot reach this app, when it cannot. */
  unproxyable: string | null
  /** HTTP methods this token may send to the app; null = every method call_api supports. */
  allowedMethods: readonly string[] | null
  /** This user's connections of the app. */
  connections: Connection[]
}

export interface ConnectLink {
  app: string
  url: string
  expiresAt: string
  /** Set when the link reconnects an existing (expired) connection in place. */
  credentialId: string | null
}

function toConnection(deps: Pick<CredentialDeps, 'catalog'>, row: CredentialRow): Connection {
  return {
    credentialId: row.id,
    app: row.app,
    appName: deps.catalog.get(row.app)?.name ?? row.app,
    name: row.name,
    status: row.status,
    lastUsedAt: row.lastUsedAt,
    expiredAt: row.expiredAt,
    expiryReason: expiryReasonOf(row.expiredReason),
  }
}

/** The user's credentials for the apps the token allows, oldest first. */
export async function listConnections(
  deps: Pick<CredentialDeps, 'db' | 'catalog'>,
  session: AgentSession,
  app?: string,
): Promise<Connection[]> {
  const rows = await listCredentialsOfUser(deps.db, session.workspaceId, session.userId, app)
  return rows
    .filter((row) => agentMayUseApp(session, row.app))
    .map((row) => toConnection(deps, row))
}

function apiOf(app: App): { baseUrl: string | null; docsUrl: string | null } {
  return { baseUrl: app.api?.baseURL ?? null, docsUrl: app.api?.docsURL ?? null }
}

export async function describeApp(
  deps: Pick<CredentialDeps, 'db' | 'catalog'>,
  session: AgentSession,
  appId: string,
): Promise<AppDescription> {
  const app = requireApp(deps, appId)
  requireAgentApp(session, app.id)
  const api = apiOf(app)
  return {
    app: app.id,
    name: app.name,
    authType: app.authType,
    categories: app.categories,
    docsUrl: app.docsURL,
    apiBaseUrl: api.baseUrl,
    apiDocsUrl: api.docsUrl,
    unproxyable: app.unproxyable,
    allowedMethods: allowedMethods(session, app.id),
    connections: await listConnections(deps, session, app.id),
  }
}

/**
 * A hosted link to the modal for this user and app: `<publicURL>/connect#token=ct_…&app=…`. The connect token is
 * in the fragment, which browsers never send to a server, and may connect only this app. An expired connection of
 * the app is reconnected in place (same credentialId).
 */
export async function createConnectLink(
  deps: Pick<CredentialDeps, 'db' | 'catalog' | 'now' | 'publicURL'>,
  session: AgentSession,
  appId: string,
): Promise<ConnectLink> {
  const app = requireApp(deps, appId)
  requireAgentApp(session, app.id)
  const rows = await listCredentialsOfUser(deps.db, session.workspaceId, session.userId, app.id)
  const expired = rows.find((row) => row.status === 'expired')
  const link = await createHostedConnectLink(deps, session.workspaceId, {
    userId: session.userId,
    apps: [app.id],
    ttlSeconds: CONNECT_LINK_TTL_SECONDS,
    ...(expired ? { credentialId: expired.id } : {}),
  })
  return {
    app: app.id,
    url: link.url,
    expiresAt: link.expiresAt,
    credentialId: expired?.id ?? null,
  }
}

/** The user's working connections of an app (an agent needs a link only when there is none). */
export async function activeConnections(
  deps: Pick<CredentialDeps, 'db' | 'catalog'>,
  session: AgentSession,
  appId: string,
): Promise<Connection[]> {
  return (await listConnections(deps, session, appId)).filter((c) => c.status === 'active')
}
