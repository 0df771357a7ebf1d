// /v1/console-users: who may sign in to the console, managed by an admin (or an API key). No email is sent:
// Keyport has no mailer, so the answer carries the sign-in link for the admin to hand over.
import type { FastifyInstance } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import {
  changeConsoleUserRole,
  createConsoleUser,
  issueSignInLink,
  listWorkspaceConsoleUsers,
  removeConsoleUser,
} from '../console/index.js'
import { actorOf } from './auth.js'
import type { ApiDeps } from './deps.js'
import { NoContent, Timestamp, described, errorResponse, errorResponses } from './schemas.js'
import { component } from './openapi-components.js'

const Role = Type.Union([Type.Literal('admin'), Type.Literal('support')], {
  description:
    'admin: everything the console offers; support: read, check now, send reconnect links',
})
const ConsoleUser = component(
  'ConsoleUser',
  Type.Object({
    id: Type.String({ description: 'cu_…' }),
    email: Type.String(),
    role: Role,
    createdAt: Timestamp,
    lastSignInAt: Type.Union([Timestamp, Type.Null()]),
    disabled: Type.Boolean({ description: 'removed: kept so audit rows naming it stay readable' }),
  }),
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
        operationId: 'listConsoleUsers',
        summary: "List the workspace's console users",
        description:
          'Every console user of the workspace, removed ones included (marked disabled).',
        response: {
          200: described(Type.Object({ data: Type.Array(ConsoleUser) }), 'The console users.'),
          ...errorResponses,
        },
      },
    },
    async (request) => ({ data: await listWorkspaceConsoleUsers(deps, request.workspaceId) }),
  )
  api.post(
    '/v1/console-users',
    {
      schema: {
        tags,
        operationId: 'createConsoleUser',
        summary: 'Add a console user',
        description:
          'A person who may sign in to the console with a role (admin or support); the answer carries their ' +
          'first one-time sign-in link.',
        body: Type.Object(
          { email: Type.String({ minLength: 3, maxLength: 320 }), role: Role },
          { additionalProperties: false },
        ),
        response: {
          201: described(
            Type.Object({ consoleUser: ConsoleUser, ...SignInLink }),
            'The console user and their sign-in link.',
          ),
          409: errorResponse(
            'console_user_exists: a console user of this workspace has that email.',
          ),
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
        operationId: 'createConsoleSignInLink',
        summary: 'Mint a new sign-in link for a console user',
        description: 'A one-time link, valid 15 minutes; their earlier links stop working.',
        params: ConsoleUserIdParams,
        response: {
          201: described(Type.Object(SignInLink), 'The sign-in link.'),
          ...errorResponses,
        },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(await issueSignInLink(deps, actorOf(request), request.params.consoleUserId)),
  )
  api.patch(
    '/v1/console-users/:consoleUserId',
    {
      schema: {
        tags,
        operationId: 'updateConsoleUser',
        summary: "Change a console user's role",
        description:
          'Takes effect on their next request (a session reads its role every time). Setting the role they ' +
          'already have changes nothing and records nothing; a change is audited (console_user.update). The ' +
          "workspace's last admin cannot be made support.",
        params: ConsoleUserIdParams,
        body: Type.Object({ role: Role }, { additionalProperties: false }),
        response: {
          200: described(ConsoleUser, 'The console user with their role.'),
          409: errorResponse(
            "last_admin: they are the workspace's last admin; make someone else admin first.",
          ),
          ...errorResponses,
        },
      },
    },
    async (request) =>
      changeConsoleUserRole(
        deps,
        actorOf(request),
        request.params.consoleUserId,
        request.body.role,
      ),
  )
  api.delete(
    '/v1/console-users/:consoleUserId',
    {
      schema: {
        tags,
        operationId: 'deleteConsoleUser',
        summary: 'Remove a console user',
        description:
          'Their sessions end at once; the user is kept, disabled, so audit rows naming them stay readable. ' +
          "A console user cannot remove themselves, and nobody the workspace's last admin.",
        params: ConsoleUserIdParams,
        response: {
          204: NoContent('Removed.'),
          409: errorResponse(
            "last_admin: they are the workspace's last admin; make someone else admin first.",
          ),
          ...errorResponses,
        },
      },
    },
    async (request, reply) => {
      await removeConsoleUser(deps, actorOf(request), request.params.consoleUserId)
      return reply.code(204).send(null)
    },
  )
}
