import type { CredentialDeps } from '../credentials/index.js'
import { newId } from '../ids.js'
import { findWorkspaceIdByName, insertUser, listUsers } from '../store/index.js'

/**
 * The demo page's end user (KEYPORT_DEMO): `demo-user` in the `default` workspace, made on first use. Null when
 * there is no `default` workspace.
 */
export async function demoUser(
  deps: Pick<CredentialDeps, 'db' | 'now'>,
): Promise<{ workspaceId: string; userId: string } | null> {
  const workspaceId = await findWorkspaceIdByName(deps.db, 'default')
  if (!workspaceId) return null
  const [existing] = await listUsers(deps.db, workspaceId, { username: 'demo-user', limit: 1 })
  if (existing) return { workspaceId, userId: existing.id }
  const now = deps.now().toISOString()
  const id = newId('usr')
  await insertUser(deps.db, {
    id,
    workspaceId,
    username: 'demo-user',
    email: 'demo@example.com',
    fullName: 'Demo User',
    createdAt: now,
    updatedAt: now,
  })
  return { workspaceId, userId: id }
}
