import type { FastifyInstance } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import { removeUser, revokeRemovedAtProviders } from '../credentials/index.js'
import { AppError } from '../errors.js'
import { changeUser, createUser, findUsers, getUser } from '../users/index.js'
import { metadataFilter } from '../credentials/index.js'
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
      const user = await createUser(deps, request.workspaceId, request.body)
      return reply.code(201).send(user)
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
      const metadata = metadataFilter(request.query)
      const users = await findUsers(deps, request.workspaceId, {
        limit,
        ...(username !== undefined ? { username } : {}),
        ...(search !== undefined ? { search } : {}),
        ...(metadata ? { metadata } : {}),
        ...(cursor !== undefined ? { afterId: decodeCursor(cursor) } : {}),
      })
      const page = users.slice(0, limit)
      return {
        data: page,
        nextCursor: users.length > limit ? encodeCursor(page[page.length - 1]!.userId) : null,
      }
    },
  )

  api.get(
    '/v1/users/:userId',
    { schema: { tags, params: UserIdParams, response: { 200: User, ...errorResponses } } },
    async (request) => getUser(deps, request.workspaceId, request.params.userId),
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
    async (request) => changeUser(deps, request.workspaceId, request.params.userId, request.body),
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
