// /v1/console-users: who may sign in to the console, managed by an admin (or an API key). No email is sent:
// Keyport has no mailer, so the answer carries the sign-in link for the admin to hand over.
import type { FastifyInstance } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import {
  createConsoleUser,
  issueSignInLink,
  listWorkspaceConsoleUsers,
  removeConsoleUser,
} from '../console/index.js'
import { actorOf } from './auth.js'
import type { ApiDeps } from './deps.js'
import { ErrorBody, Timestamp, errorResponses } from './schemas.js'

const Role = Type.Union([Type.Literal('admin'), Type.Literal('support')], {
  description:
    'admin: everything the console offers; support: read, check now, send reconnect links',
})
const ConsoleUser = Type.Object(
  {
    id: Type.String({ description: 'cu_…' }),
    email: Type.String(),
    role: Role,
    createdAt: Timestamp,
    lastSignInAt: Type.Union([Timestamp, Type.Null()]),
    disabled: Type.Boolean({ description: 'removed: kept so audit rows naming it stay readable' }),
  },
  { $id: 'ConsoleUser' },
)
const SignInLink = {
  signInUrl: Type.String({
    description:
      '<KEYPORT_PUBLIC_URL>/console/sign-in#token=csl_…: works once, for 15 minutes. Hand it to the person ' +
      '(Keyport sends no email); a new link replaces the earlier ones.',
  }),
  expiresAt: Timestamp,
}
const ConsoleUserIdParams = Type.Object({
  consoleUserId: Type.String({ pattern: '^cu_[0-9a-z]{26}$' }),
})

export function consoleUserRoutes(app: FastifyInstance, deps: ApiDeps): void {
  const api = app.withTypeProvider<TypeBoxTypeProvider>()
  const tags = ['Console users']
  api.get(
    '/v1/console-users',
    {
      schema: {
        tags,
        summary: "The workspace's console users, removed ones included",
        response: { 200: Type.Object({ data: Type.Array(ConsoleUser) }), ...errorResponses },
      },
    },
    async (request) => ({ data: await listWorkspaceConsoleUsers(deps, request.workspaceId) }),
  )
  api.post(
    '/v1/console-users',
    {
      schema: {
        tags,
        summary: 'Add a console user; answers their first sign-in link',
        body: Type.Object(
          { email: Type.String({ minLength: 3, maxLength: 320 }), role: Role },
          { additionalProperties: false },
        ),
        response: {
          201: Type.Object({ consoleUser: ConsoleUser, ...SignInLink }),
          409: ErrorBody,
          ...errorResponses,
        },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await createConsoleUser(deps, actorOf(request), request.body)),
  )
  api.post(
    '/v1/console-users/:consoleUserId/sign-in-link',
    {
      schema: {
        tags,
        summary: 'A new sign-in link for a console user (their earlier links stop working)',
        params: ConsoleUserIdParams,
        response: { 201: Type.Object(SignInLink), ...errorResponses },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(await issueSignInLink(deps, actorOf(request), request.params.consoleUserId)),
  )
  api.delete(
    '/v1/console-users/:consoleUserId',
    {
      schema: {
        tags,
        summary: 'Remove a console user: their sessions end at once',
        params: ConsoleUserIdParams,
        response: { 204: Type.Null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      await removeConsoleUser(deps, actorOf(request), request.params.consoleUserId)
      return reply.code(204).send(null)
    },
  )
}
