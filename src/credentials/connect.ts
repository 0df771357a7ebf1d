// What the modal does for key-based apps, as the user behind a connect token: connect, or reconnect in place.
import type { App } from '../catalog/index.js'
import { AppError } from '../errors.js'
import {
  findCredential,
  listCredentialsOfUser,
  listOAuthClientApps,
  type CredentialStatus,
} from '../store/index.js'
import { requireAllowedApp, type ConnectSession } from './connect-token.js'
import { createKeyCredential, requireApp, requireUser, typedCredentialParts } from './create.js'
import type { Actor, CredentialDeps } from './deps.js'
import { validateFieldValues } from './fields.js'
import { reconnectCredential } from './reconnect.js'

export function sessionActor(session: ConnectSession, requestId: string | null): Actor {
  return { workspaceId: session.workspaceId, actor: `user:${session.userId}`, requestId }
}

export interface SessionCredential {
  credentialId: string
  app: string
  name: string
  status: CredentialStatus
  /** Public connection values (shop, site, account), for telling two connections of one app apart. */
  metadata: Record<string, unknown>
  /** When it was connected: tells two connections of one app apart when nothing else does. */
  createdAt: string
}

/** The user's credentials the modal may mention (for reuse), within the token's allow-list. */
export async function sessionCredentials(
  deps: Pick<CredentialDeps, 'db'>,
  session: ConnectSession,
): Promise<SessionCredential[]> {
  const rows = await listCredentialsOfUser(deps.db, session.workspaceId, session.userId)
  return rows
    .filter((row) => !session.apps || session.apps.includes(row.app))
    .map((row) => ({
      credentialId: row.id,
      app: row.app,
      name: row.name,
      status: row.status,
      metadata: JSON.parse(row.metadata) as Record<string, unknown>,
      createdAt: row.createdAt,
    }))
}

/**
 * What the modal's picker offers: the catalog within the token's allow-list, without the OAuth apps this workspace
 * has no client for (they could only fail). Asked for by id (`connect({ app })`), such an app still opens, and the
 * user is told in one sentence that it cannot be connected yet.
 */
export async function pickerApps(
  deps: Pick<CredentialDeps, 'db' | 'catalog'>,
  session: ConnectSession,
  search: string | undefined,
): Promise<App[]> {
  const configured = new Set(await listOAuthClientApps(deps.db, session.workspaceId))
  return deps.catalog
    .list(search ? { search } : {})
    .filter((app) => !session.apps || session.apps.includes(app.id))
    .filter((app) => !app.isOAuth || configured.has(app.id))
}

export async function connectKeyCredential(
  deps: CredentialDeps,
  session: ConnectSession,
  input: { app: string; data: Record<string, unknown>; requestId: string | null },
): Promise<{ credentialId: string; app: string }> {
  requireAllowedApp(session, input.app)
  const view = await createKeyCredential(deps, sessionActor(session, input.requestId), {
    userId: session.userId,
    app: input.app,
    data: input.data,
  })
  return { credentialId: view.credentialId, app: view.app }
}

export async function reconnectKeyCredential(
  deps: CredentialDeps,
  session: ConnectSession,
  input: { credentialId: string; data: Record<string, unknown>; requestId: string | null },
): Promise<{ credentialId: string; app: string }> {
  const row = await findCredential(deps.db, session.workspaceId, input.credentialId)
  if (!row || row.userId !== session.userId)
    throw new AppError('credential_not_found', 'That connection no longer exists.')
  requireAllowedApp(session, row.app)
  const app = requireApp(deps, row.app)
  if (app.isOAuth)
    throw new AppError(
      'oauth_app_requires_modal',
      `${app.name} reconnects through its sign-in window.`,
    )
  const values = validateFieldValues(app, input.data)
  const parts = await typedCredentialParts(deps, app, values)
  const user = await requireUser(deps.db, session.workspaceId, session.userId)
  await reconnectCredential(deps, sessionActor(session, input.requestId), user, app, row.id, {
    ...parts,
    // A key keeps its check schedule; a minting credential's starts again with its new token.
    nextCheckAt: parts.secret.kind === 'minted' ? parts.nextCheckAt : row.nextCheckAt,
  })
  return { credentialId: row.id, app: row.app }
}
