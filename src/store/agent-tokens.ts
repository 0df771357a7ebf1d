import type { DB } from './database.js'
import type { AgentTokenTable } from './schema.js'

export type AgentTokenRow = AgentTokenTable

export async function insertAgentToken(db: DB, row: AgentTokenTable): Promise<void> {
  await db.insertInto('agentToken').values(row).execute()
}

/** One unique-index read by the token's SHA-256; the caller checks expiry and revocation. */
export async function findAgentTokenByHash(db: DB, hash: string): Promise<AgentTokenRow | null> {
  return (
    (await db.selectFrom('agentToken').selectAll().where('hash', '=', hash).executeTakeFirst()) ??
    null
  )
}

/** A user's tokens, newest first (ids sort by creation time). */
export async function listAgentTokensOfUser(
  db: DB,
  workspaceId: string,
  userId: string,
): Promise<AgentTokenRow[]> {
  return db
    .selectFrom('agentToken')
    .selectAll()
    .where('workspaceId', '=', workspaceId)
    .where('userId', '=', userId)
    .orderBy('id', 'desc')
    .execute()
}

export async function findAgentToken(
  db: DB,
  workspaceId: string,
  userId: string,
  id: string,
): Promise<AgentTokenRow | null> {
  return (
    (await db
      .selectFrom('agentToken')
      .selectAll()
      .where('workspaceId', '=', workspaceId)
      .where('userId', '=', userId)
      .where('id', '=', id)
      .executeTakeFirst()) ?? null
  )
}

/** Sets revoked_at once; false when no such token of this user in this workspace. Revoking twice is not an error. */
export async function revokeAgentToken(
  db: DB,
  workspaceId: string,
  userId: string,
  id: string,
  at: string,
): Promise<boolean> {
  const found = await findAgentToken(db, workspaceId, userId, id)
  if (!found) return false
  await db
    .updateTable('agentToken')
    .set({ revokedAt: at })
    .where('id', '=', id)
    .where('workspaceId', '=', workspaceId)
    .where('revokedAt', 'is', null)
    .execute()
  return true
}

/** Housekeeping: tokens that ended before `before` (the worker keeps them a while so audit rows still resolve). */
export async function deleteExpiredAgentTokens(db: DB, before: string): Promise<number> {
  const result = await db
    .deleteFrom('agentToken')
    .where('expiresAt', '<=', before)
    .executeTakeFirst()
  return Number(result.numDeletedRows)
}

/** What the token's MCP client declared at initialize; written only when it changes. */
export async function setAgentTokenClient(
  db: DB,
  id: string,
  client: { elicitsUrl: boolean },
): Promise<void> {
  const value = client.elicitsUrl ? 1 : 0
  await db
    .updateTable('agentToken')
    .set({ clientElicitsUrl: value })
    .where('id', '=', id)
    .where('clientElicitsUrl', '!=', value)
    .execute()
}
