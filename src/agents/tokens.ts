// Agent tokens: what a platform's backend mints so an AI agent can act for one user at /mcp, and nowhere else.
// 256 random bits, stored as SHA-256 like connect tokens; an allow-list of apps and, per app, of HTTP methods;
// at most a day. Revocation is read on every use (no cache), so DELETE takes effect on the next request everywhere.
import { hashSecret, hashesEqual } from '../crypto/index.js'
import {
  auditNow,
  requireApp,
  requireUser,
  type Actor,
  type AuditEntry,
} from '../credentials/index.js'
import type { CredentialDeps } from '../credentials/index.js'
import { AppError } from '../errors.js'
import { newId, randomToken } from '../ids.js'
import {
  findAgentTokenByHash,
  insertAgentToken,
  listAgentTokensOfUser,
  revokeAgentToken,
  setAgentTokenClient,
  type AgentTokenRow,
  type DB,
} from '../store/index.js'

export const AGENT_TOKEN_DEFAULT_TTL = 3600
export const AGENT_TOKEN_MAX_TTL = 86_400
export const HTTP_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'] as const
export type HttpMethod = (typeof HTTP_METHODS)[number]
/** The `methods` key that applies to every app without an entry of its own. */
export const ANY_APP = '*'

/** Allowed methods per app; an app with no entry (and no `*` entry) allows every method. */
export type MethodAllowList = Record<string, HttpMethod[]>

export interface AgentTokenView {
  agentTokenId: string
  userId: string
  apps: string[] | null
  methods: MethodAllowList | null
  label: string | null
  expiresAt: string
  createdAt: string
  revokedAt: string | null
}

/** Who an authenticated agent acts for, and what it may do. */
export interface AgentSession {
  agentTokenId: string
  workspaceId: string
  userId: string
  apps: string[] | null
  methods: MethodAllowList | null
  label: string | null
  expiresAt: string
  /** The token's MCP client declared URL-mode elicitation when it last initialized. */
  clientElicitsUrl: boolean
}

export interface MintAgentTokenInput {
  userId: string
  apps?: string[]
  methods?: Record<string, string[]>
  ttlSeconds?: number
  label?: string
}

function toView(row: AgentTokenRow): AgentTokenView {
  return {
    agentTokenId: row.id,
    userId: row.userId,
    apps: row.apps ? (JSON.parse(row.apps) as string[]) : null,
    methods: row.methods ? (JSON.parse(row.methods) as MethodAllowList) : null,
    label: row.label,
    expiresAt: row.expiresAt,
    createdAt: row.createdAt,
    revokedAt: row.revokedAt,
  }
}

const invalid = (field: string, message: string) =>
  new AppError('invalid_request', `${field} ${message}`, { fields: [{ field, message }] })

/** Every key names an app of the catalog (or `*`) that the token's apps allow; methods are upper-cased, deduped. */
function normaliseMethods(
  deps: Pick<CredentialDeps, 'catalog'>,
  apps: string[] | null,
  methods: Record<string, string[]>,
): MethodAllowList {
  const out: MethodAllowList = {}
  for (const [app, list] of Object.entries(methods)) {
    if (app !== ANY_APP) {
      requireApp(deps, app)
      if (apps && !apps.includes(app))
        throw invalid(`methods.${app}`, 'names an app that the token\u2019s apps do not include')
    }
    const upper = [...new Set(list.map((m) => m.toUpperCase()))]
    const unknown = upper.find((m) => !(HTTP_METHODS as readonly string[]).includes(m))
    if (unknown !== undefined)
      throw invalid(`methods.${app}`, `must be among ${HTTP_METHODS.join(', ')}`)
    out[app] = upper as HttpMethod[]
  }
  return out
}

export async function mintAgentToken(
  deps: Pick<CredentialDeps, 'db' | 'catalog' | 'now'>,
  actor: Actor,
  input: MintAgentTokenInput,
): Promise<AgentTokenView & { token: string }> {
  await requireUser(deps.db, actor.workspaceId, input.userId)
  const apps = input.apps ? [...new Set(input.apps)] : null
  for (const app of apps ?? []) requireApp(deps, app)
  const methods = input.methods ? normaliseMethods(deps, apps, input.methods) : null
  const ttl = input.ttlSeconds ?? AGENT_TOKEN_DEFAULT_TTL
  const now = deps.now()
  const token = randomToken('at')
  const row: AgentTokenRow = {
    id: newId('agt', now.getTime()),
    workspaceId: actor.workspaceId,
    userId: input.userId,
    hash: hashSecret(token),
    apps: apps ? JSON.stringify(apps) : null,
    methods: methods ? JSON.stringify(methods) : null,
    label: input.label ?? null,
    expiresAt: new Date(now.getTime() + ttl * 1000).toISOString(),
    createdAt: now.toISOString(),
    revokedAt: null,
    clientElicitsUrl: 0,
  }
  await deps.db.transaction().execute(async (trx) => {
    await insertAgentToken(trx, row)
    await auditNow(trx, { ...actor, action: 'agent_token.create', target: row.id }, now)
  })
  return { ...toView(row), token }
}

export async function listAgentTokens(
  deps: Pick<CredentialDeps, 'db'>,
  workspaceId: string,
  userId: string,
): Promise<AgentTokenView[]> {
  await requireUser(deps.db, workspaceId, userId)
  return (await listAgentTokensOfUser(deps.db, workspaceId, userId)).map(toView)
}

export async function revokeUserAgentToken(
  deps: Pick<CredentialDeps, 'db' | 'now'>,
  actor: Actor,
  userId: string,
  agentTokenId: string,
): Promise<void> {
  const now = deps.now()
  await deps.db.transaction().execute(async (trx) => {
    if (!(await revokeAgentToken(trx, actor.workspaceId, userId, agentTokenId, now.toISOString())))
      throw new AppError('agent_token_not_found', `No agent token ${agentTokenId} for this user.`)
    await auditNow(trx, { ...actor, action: 'agent_token.revoke', target: agentTokenId }, now)
  })
}

export type AuthenticateAgentToken = (token: string) => Promise<AgentSession | null>

/**
 * Resolves an agent token: one SHA-256 and one unique-index read on every request, so that a revocation or the
 * end of the token's life applies at once on every node (MCP requests are few next to /v1 reads: no cache).
 */
export function createAgentTokenAuthenticator(db: DB, now: () => Date): AuthenticateAgentToken {
  return async (token) => {
    if (!token.startsWith('at_') || token.length > 100) return null
    const hash = hashSecret(token)
    const row = await findAgentTokenByHash(db, hash)
    if (!row || !hashesEqual(row.hash, hash) || row.revokedAt !== null) return null
    if (Date.parse(row.expiresAt) <= now().getTime()) return null
    const view = toView(row)
    return {
      agentTokenId: row.id,
      workspaceId: row.workspaceId,
      userId: row.userId,
      apps: view.apps,
      methods: view.methods,
      label: row.label,
      expiresAt: row.expiresAt,
      clientElicitsUrl: row.clientElicitsUrl === 1,
    }
  }
}

/** Remembers what the token's MCP client declared at initialize (see the migration for why it is stored). */
export async function rememberAgentClient(
  deps: Pick<CredentialDeps, 'db'>,
  session: AgentSession,
  client: { elicitsUrl: boolean },
): Promise<void> {
  if (client.elicitsUrl !== session.clientElicitsUrl)
    await setAgentTokenClient(deps.db, session.agentTokenId, client)
}

/** The audit actor of everything an agent does: `agent_token:<id>` (the form GET /v1/audit documents). */
export function agentActor(session: AgentSession, requestId: string | null): Actor {
  return {
    workspaceId: session.workspaceId,
    actor: `agent_token:${session.agentTokenId}`,
    requestId,
  }
}

/** An agent's audit rows name its user, and its token's id and label in `detail`. */
export function agentAuditFields(
  session: AgentSession,
  requestId: string | null,
): Omit<AuditEntry, 'action' | 'target'> {
  return {
    ...agentActor(session, requestId),
    userId: session.userId,
    detail: { agentTokenId: session.agentTokenId, label: session.label },
  }
}
