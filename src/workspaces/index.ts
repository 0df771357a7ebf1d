// Workspaces and their API keys: creation (CLI and first start), listing (prefixes only) and revocation.
// Keys are shown once and stored as SHA-256 hashes. Must not: log a key.
import { hashSecret } from '../crypto/index.js'
import { newId, randomToken } from '../ids.js'
import {
  hasAnyWorkspace,
  insertApiKey,
  insertWorkspace,
  revokeApiKey,
  findWorkspace,
  listApiKeys,
  listWorkspaces,
  type ApiKeySummary,
  type DB,
} from '../store/index.js'

export interface NewApiKey {
  apiKey: string
  prefix: string
}

/** The first 11 characters (`kp_` + 8) identify a key for revocation without revealing it. */
export function apiKeyPrefix(apiKey: string): string {
  return apiKey.slice(0, 11)
}

export async function createApiKey(
  db: DB,
  workspaceId: string,
  now = new Date(),
): Promise<NewApiKey | null> {
  if (!(await findWorkspace(db, workspaceId))) return null
  const apiKey = randomToken('kp')
  const prefix = apiKeyPrefix(apiKey)
  await insertApiKey(db, {
    id: newId('key', now.getTime()),
    workspaceId,
    prefix,
    hash: hashSecret(apiKey),
    createdAt: now.toISOString(),
    revokedAt: null,
  })
  return { apiKey, prefix }
}

export async function createWorkspace(
  db: DB,
  name: string,
  now = new Date(),
): Promise<{ workspaceId: string; name: string } & NewApiKey> {
  const workspaceId = newId('ws', now.getTime())
  return db.transaction().execute(async (trx) => {
    await insertWorkspace(trx, { id: workspaceId, name, createdAt: now.toISOString() })
    const key = (await createApiKey(trx, workspaceId, now))!
    return { workspaceId, name, ...key }
  })
}

/** On an empty database, `npm start` makes a `default` workspace so the README tour works at once. */
export async function ensureDefaultWorkspace(
  db: DB,
): Promise<({ workspaceId: string } & NewApiKey) | null> {
  if (await hasAnyWorkspace(db)) return null
  return createWorkspace(db, 'default')
}

export async function revokeApiKeyByPrefix(db: DB, prefix: string): Promise<boolean> {
  return revokeApiKey(db, prefix, new Date().toISOString())
}

/** DELETE /v1/api-keys/{prefix}: only a key of the calling workspace. */
export async function revokeWorkspaceApiKey(
  db: DB,
  workspaceId: string,
  prefix: string,
  now = new Date(),
): Promise<boolean> {
  return revokeApiKey(db, prefix, now.toISOString(), { workspaceId })
}

export {
  frameAncestorOrigin,
  getWorkspaceSettings,
  modalFrameAncestors,
  updateWorkspaceSettings,
  type WorkspaceSettings,
} from './settings.js'

/** Every workspace (id, name, createdAt), oldest first. */
export async function allWorkspaces(
  db: DB,
): Promise<{ id: string; name: string; createdAt: string }[]> {
  return listWorkspaces(db)
}

/** A workspace's API keys, by prefix (never a hash), or null when there is no such workspace. */
export async function apiKeysOf(db: DB, workspaceId: string): Promise<ApiKeySummary[] | null> {
  if (!(await findWorkspace(db, workspaceId))) return null
  return listApiKeys(db, workspaceId)
}

export { summarizeWorkspace, type WorkspaceSummary } from './summary.js'
export { createApiKeyAuthenticator, type Authenticate } from './api-key-auth.js'
