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
  ListUsersQuery,
  Page,
  UpdateUserBody,
  User,
  UserIdParams,
  described,
  errorResponse,
  errorResponses,
  NoContent,
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
        operationId: 'createUser',
        summary: 'Create a user',
        description:
          'An end user of your product, whose credentials Keyport keeps. `username` is unique in the workspace.',
        body: CreateUserBody,
        response: {
          201: described(User, 'The user, created.'),
          409: errorResponse('username_taken: a user of this workspace has that username.'),
          ...errorResponses,
        },
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
        operationId: 'listUsers',
        summary: 'List users',
        description:
          'The workspace’s users in creation order, a page at a time (pass `nextCursor` back as `cursor`), ' +
          'filtered by username, a search prefix or one metadata key.',
        querystring: ListUsersQuery,
        response: { 200: described(Page(User), 'A page of users.'), ...errorResponses },
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
    {
      schema: {
        tags,
        operationId: 'getUser',
        summary: 'Get a user',
        description: 'One user of the workspace, with their metadata.',
        params: UserIdParams,
        response: { 200: described(User, 'The user.'), ...errorResponses },
      },
    },
    async (request) => getUser(deps, request.workspaceId, request.params.userId),
  )

  api.patch(
    '/v1/users/:userId',
    {
      schema: {
        tags,
        operationId: 'updateUser',
        summary: 'Update a user',
        description:
          'Changes the fields sent; `metadata` is merged key by key (a key set to null is removed).',
        params: UserIdParams,
        body: UpdateUserBody,
        response: {
          200: described(User, 'The user, changed.'),
          409: errorResponse('username_taken: another user of this workspace has that username.'),
          ...errorResponses,
        },
      },
    },
    async (request) => changeUser(deps, request.workspaceId, request.params.userId, request.body),
  )

  api.delete(
    '/v1/users/:userId',
    {
      schema: {
        tags,
        operationId: 'deleteUser',
        summary: 'Delete a user',
        description:
          'Deletes the user and every credential of theirs; their OAuth grants are revoked at the providers ' +
          'that support it (RFC 7009).',
        params: UserIdParams,
        response: { 204: NoContent('Deleted.'), ...errorResponses },
      },
    },
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
