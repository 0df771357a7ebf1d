import type { FastifyInstance } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import { removeUser, revokeRemovedAtProviders } from '../credentials/index.js'
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
import { actorOf } from './auth.js'
import type { ApiDeps } from './deps.js'
import {
  CreateUserBody,
  ErrorBody,
  ListUsersQuery,
  Page,
  UpdateUserBody,
  User,
  UserIdParams,
  errorResponses,
} from './schemas.js'

const toUser = (row: UserRow) => ({
  userId: row.id,
  username: row.username,
  email: row.email,
  fullName: row.fullName,
  createdAt: row.createdAt,
  updatedAt: row.updatedAt,
})

const usernameTaken = (username: string) =>
  new AppError(
    'username_taken',
    `A user with username "${username}" already exists in this workspace.`,
  )

const encodeCursor = (id: string) => Buffer.from(id).toString('base64url')
function decodeCursor(cursor: string): string {
  const id = Buffer.from(cursor, 'base64url').toString()
  if (!/^usr_[0-9a-z]{26}$/.test(id)) {
    throw new AppError('invalid_request', 'cursor is not one this API returned', {
      fields: [{ field: 'cursor', message: 'is invalid' }],
    })
  }
  return id
}

export function userRoutes(app: FastifyInstance, deps: ApiDeps): void {
  const api = app.withTypeProvider<TypeBoxTypeProvider>()
  const tags = ['Users']

  api.post(
    '/v1/users',
    {
      schema: {
        tags,
        body: CreateUserBody,
        response: { 201: User, 409: ErrorBody, ...errorResponses },
      },
    },
    async (request, reply) => {
      const now = deps.now().toISOString()
      const row = {
        id: newId('usr'),
        workspaceId: request.workspaceId,
        username: request.body.username,
        email: request.body.email ?? null,
        fullName: request.body.fullName ?? null,
        createdAt: now,
        updatedAt: now,
      }
      try {
        await insertUser(deps.db, row)
      } catch (error) {
        if (isUniqueViolation(error)) throw usernameTaken(row.username)
        throw error
      }
      return reply.code(201).send(toUser(row))
    },
  )

  api.get(
    '/v1/users',
    {
      schema: {
        tags,
        querystring: ListUsersQuery,
        response: { 200: Page(User), ...errorResponses },
      },
    },
    async (request) => {
      const { username, search, cursor } = request.query
      const limit = request.query.limit ?? 50
      const rows = await listUsers(deps.db, request.workspaceId, {
        limit,
        ...(username !== undefined ? { username } : {}),
        ...(search !== undefined ? { search } : {}),
        ...(cursor !== undefined ? { afterId: decodeCursor(cursor) } : {}),
      })
      const page = rows.slice(0, limit)
      return {
        data: page.map(toUser),
        nextCursor: rows.length > limit ? encodeCursor(page[page.length - 1]!.id) : null,
      }
    },
  )

  api.get(
    '/v1/users/:userId',
    { schema: { tags, params: UserIdParams, response: { 200: User, ...errorResponses } } },
    async (request) => {
      const row = await findUser(deps.db, request.workspaceId, request.params.userId)
      if (!row)
        throw new AppError('user_not_found', `No user ${request.params.userId} in this workspace.`)
      return toUser(row)
    },
  )

  api.patch(
    '/v1/users/:userId',
    {
      schema: {
        tags,
        params: UserIdParams,
        body: UpdateUserBody,
        response: { 200: User, 409: ErrorBody, ...errorResponses },
      },
    },
    async (request) => {
      const { userId } = request.params
      try {
        const changed = await updateUser(deps.db, request.workspaceId, userId, {
          ...request.body,
          updatedAt: deps.now().toISOString(),
        })
        if (!changed) throw new AppError('user_not_found', `No user ${userId} in this workspace.`)
      } catch (error) {
        if (isUniqueViolation(error)) throw usernameTaken(request.body.username ?? '')
        throw error
      }
      return toUser((await findUser(deps.db, request.workspaceId, userId))!)
    },
  )

  api.delete(
    '/v1/users/:userId',
    { schema: { tags, params: UserIdParams, response: { 204: Type.Null(), ...errorResponses } } },
    async (request, reply) => {
      const removed = await removeUser(deps, actorOf(request), request.params.userId)
      // The user's OAuth grants end at their providers too, as deleting one credential does.
      await revokeRemovedAtProviders(deps, removed, (err, app) =>
        request.log.warn({ err, app }, 'token revocation failed'),
      )
      return reply.code(204).send(null)
    },
  )
}
