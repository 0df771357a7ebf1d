// Users: create, read, change and list a workspace's end users, with the platform's metadata. The routes in
// src/api/users.ts call these and nothing else; SQL stays in src/store, deletion in src/credentials (it takes the
// user's credentials with it).
import {
  mergeMetadata,
  parseMetadata,
  type CredentialDeps,
  type Metadata,
  type StoredMetadata,
} from '../credentials/index.js'
import { AppError } from '../errors.js'
import { newId } from '../ids.js'
import {
  findUser,
  insertUser,
  isUniqueViolation,
  listUsers,
  updateUser,
  type UserRow,
} from '../store/index.js'

export interface User {
  userId: string
  username: string
  email: string | null
  fullName: string | null
  metadata: StoredMetadata
  createdAt: string
  updatedAt: string
}

type Deps = Pick<CredentialDeps, 'db' | 'dialect' | 'now'>

function toUser(row: UserRow): User {
  return {
    userId: row.id,
    username: row.username,
    email: row.email,
    fullName: row.fullName,
    metadata: parseMetadata(row.metadata),
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  }
}

const usernameTaken = (username: string): AppError =>
  new AppError(
    'username_taken',
    `A user with username "${username}" already exists in this workspace.`,
  )

const notFound = (userId: string): AppError =>
  new AppError('user_not_found', `No user ${userId} in this workspace.`)

export async function createUser(
  deps: Deps,
  workspaceId: string,
  input: { username: string; email?: string | null; fullName?: string | null; metadata?: Metadata },
): Promise<User> {
  const now = deps.now().toISOString()
  const row = {
    id: newId('usr'),
    workspaceId,
    username: input.username,
    email: input.email ?? null,
    fullName: input.fullName ?? null,
    metadata: mergeMetadata({}, input.metadata ?? {}),
    createdAt: now,
    updatedAt: now,
  }
  try {
    await insertUser(deps.db, row)
  } catch (error) {
    if (isUniqueViolation(error)) throw usernameTaken(row.username)
    throw error
  }
  return toUser(row)
}

export async function getUser(deps: Deps, workspaceId: string, userId: string): Promise<User> {
  const row = await findUser(deps.db, workspaceId, userId)
  if (!row) throw notFound(userId)
  return toUser(row)
}

/** Changes the given fields; metadata is merged into what is stored (a key set to null is removed). */
export async function changeUser(
  deps: Deps,
  workspaceId: string,
  userId: string,
  changes: {
    username?: string
    email?: string | null
    fullName?: string | null
    metadata?: Metadata
  },
): Promise<User> {
  const { metadata, ...fields } = changes
  try {
    // A read-merge-write: two PATCHes of metadata racing may lose one's keys (last write wins), as two PATCHes of
    // one field do.
    const current = metadata ? await findUser(deps.db, workspaceId, userId) : null
    if (metadata && !current) throw notFound(userId)
    const changed = await updateUser(deps.db, workspaceId, userId, {
      ...fields,
      ...(metadata ? { metadata: mergeMetadata(parseMetadata(current!.metadata), metadata) } : {}),
      updatedAt: deps.now().toISOString(),
    })
    if (!changed) throw notFound(userId)
  } catch (error) {
    if (isUniqueViolation(error)) throw usernameTaken(changes.username ?? '')
    throw error
  }
  return getUser(deps, workspaceId, userId)
}

export async function findUsers(
  deps: Deps,
  workspaceId: string,
  options: {
    username?: string
    search?: string
    metadata?: { key: string; value: string }
    afterId?: string
    limit: number
  },
): Promise<User[]> {
  const { metadata, ...rest } = options
  const rows = await listUsers(deps.db, workspaceId, {
    ...rest,
    ...(metadata ? { metadata: { ...metadata, dialect: deps.dialect } } : {}),
  })
  return rows.map(toUser)
}

export { demoUser } from './demo-user.js'
