// /v1/api-keys: the calling workspace's API keys by prefix (never a key or its hash), a new key (shown once) and
// revocation by prefix. Admin console users and API keys only (console-access.ts).
import type { FastifyInstance } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import { AppError } from '../errors.js'
import { apiKeysOf, createApiKey, revokeWorkspaceApiKey } from '../workspaces/index.js'
import type { ApiDeps } from './deps.js'
import { NoContent, Timestamp, described, errorResponses } from './schemas.js'
import { component } from './openapi-components.js'

const Prefix = Type.String({
  pattern: '^kp_[A-Za-z0-9_-]{8}$',
  description: 'the first 11 characters of the key (kp_ and 8 more)',
})
const NullableTimestamp = Type.Union([Timestamp, Type.Null()])
const ApiKeySummary = component(
  'ApiKey',
  Type.Object({
    prefix: Prefix,
    createdAt: Timestamp,
    lastUsedAt: Type.Union([Timestamp, Type.Null()], {
      description:
        'when the key last authenticated, to the minute; null: never since it was recorded',
    }),
    revokedAt: NullableTimestamp,
  }),
)

export function apiKeyRoutes(app: FastifyInstance, deps: ApiDeps): void {
  const api = app.withTypeProvider<TypeBoxTypeProvider>()
  const tags = ['API keys']
  api.get(
    '/v1/api-keys',
    {
      schema: {
        tags,
        operationId: 'listApiKeys',
        summary: "List the workspace's API keys, by prefix",
        description: 'Never a key or its hash. Admin console users only.',
        response: {
          200: described(Type.Object({ data: Type.Array(ApiKeySummary) }), 'The API keys.'),
          ...errorResponses,
        },
      },
    },
    async (request) => ({ data: (await apiKeysOf(deps.db, request.workspaceId)) ?? [] }),
  )
  api.post(
    '/v1/api-keys',
    {
      schema: {
        tags,
        operationId: 'createApiKey',
        summary: 'Create an API key (shown once)',
        description: 'A new key for the workspace, shown only in this answer and stored as a hash.',
        response: {
          201: described(
            Type.Object({
              apiKey: Type.String({ description: 'the key: shown this once, stored as a hash' }),
              prefix: Prefix,
            }),
            'The key.',
          ),
          ...errorResponses,
        },
      },
    },
    async (request, reply) => {
      const key = await createApiKey(deps.db, request.workspaceId, deps.now())
      return reply.code(201).send(key!)
    },
  )
  api.delete(
    '/v1/api-keys/:prefix',
    {
      schema: {
        tags,
        operationId: 'revokeApiKey',
        summary: 'Revoke an API key by its prefix',
        description: 'Running nodes stop accepting it within a second or two.',
        params: Type.Object({ prefix: Prefix }),
        response: { 204: NoContent('Revoked.'), ...errorResponses },
      },
    },
    async (request, reply) => {
      if (!(await revokeWorkspaceApiKey(deps.db, request.workspaceId, request.params.prefix)))
        throw new AppError(
          'api_key_not_found',
          'No active API key of this workspace has that prefix.',
        )
      return reply.code(204).send(null)
    },
  )
}
