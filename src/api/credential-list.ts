import type { FastifyInstance } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import { listWorkspaceCredentials, metadataFilter } from '../credentials/index.js'
import type { ApiDeps } from './deps.js'
import {
  Credential,
  CredentialPageParams,
  described,
  errorResponses,
  MetadataFilter,
  Page,
  Timestamp,
} from './schemas.js'

const ListWorkspaceCredentialsQuery = Type.Object(
  {
    status: Type.Optional(Type.Union([Type.Literal('active'), Type.Literal('expired')])),
    app: Type.Optional(Type.String({ pattern: '^[a-z0-9][a-z0-9-]{0,62}$' })),
    userId: Type.Optional(Type.String({ pattern: '^usr_[0-9a-z]{26}$' })),
    expiringBefore: Type.Optional(
      Type.Intersect([Timestamp], {
        description:
          'credentials with a known end (API-key lifetime, refresh-token lifetime) before this instant',
      }),
    ),
    ...CredentialPageParams,
  },
  { additionalProperties: false, ...MetadataFilter },
)

/** GET /v1/credentials: every credential of the workspace, filterable, for support and reconnect campaigns. */
export function credentialListRoutes(app: FastifyInstance, deps: ApiDeps): void {
  app.withTypeProvider<TypeBoxTypeProvider>().get(
    '/v1/credentials',
    {
      schema: {
        tags: ['Credentials'],
        operationId: 'listCredentials',
        summary: 'List the workspace’s credentials',
        description:
          'Every credential of the workspace in creation order, a page at a time, filtered by status, app, user ' +
          'or a known end before a date: for support and reconnect campaigns. Never a secret.',
        querystring: ListWorkspaceCredentialsQuery,
        response: {
          200: described(Page(Credential), 'A page of credentials.'),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const { status, app, userId, expiringBefore, cursor, limit } = request.query
      const metadata = metadataFilter(request.query)
      return listWorkspaceCredentials(deps, request.workspaceId, {
        ...(status !== undefined ? { status } : {}),
        ...(app !== undefined ? { app } : {}),
        ...(userId !== undefined ? { userId } : {}),
        ...(expiringBefore !== undefined ? { expiringBefore } : {}),
        ...(cursor !== undefined ? { cursor } : {}),
        ...(metadata ? { metadata } : {}),
        limit: limit ?? 100,
      })
    },
  )
}
