// Agent tokens (POST|GET /v1/users/{userId}/agent-tokens, DELETE …/{agentTokenId}): the workspace's backend mints a
// bearer token an AI agent presents at /mcp to act for one user. The token is shown once, in the 201.
import type { FastifyInstance } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import {
  AGENT_TOKEN_DEFAULT_TTL,
  AGENT_TOKEN_MAX_TTL,
  HTTP_METHODS,
  listAgentTokens,
  mintAgentToken,
  revokeUserAgentToken,
} from '../agents/index.js'
import { actorOf } from './auth.js'
import type { ApiDeps } from './deps.js'
import {
  NoContent,
  Timestamp,
  UserIdParams,
  described,
  errorResponse,
  errorResponses,
} from './schemas.js'
import { component } from './openapi-components.js'

const AppId = Type.String({ minLength: 1, maxLength: 100 })
const Method = Type.Union(HTTP_METHODS.map((m) => Type.Literal(m)))
const Methods = Type.Record(
  AppId,
  Type.Array(Method, { minItems: 1, maxItems: HTTP_METHODS.length }),
  {
    maxProperties: 100,
    description:
      'Allowed HTTP methods per app (e.g. {"stripe": ["GET", "HEAD"]}); the key "*" applies to every app without ' +
      'an entry of its own. An app with neither allows every method.',
  },
)
const Apps = Type.Array(AppId, {
  minItems: 1,
  maxItems: 100,
  description: 'The apps the agent may use; every app when absent.',
})
// Printable text only: the label is written into audit rows and shown in consoles.
const Label = Type.String({ minLength: 1, maxLength: 100, pattern: '^[^\\u0000-\\u001f\\u007f]+$' })

const CreateBody = Type.Object(
  {
    apps: Type.Optional(Apps),
    methods: Type.Optional(Methods),
    ttlSeconds: Type.Optional(
      Type.Integer({
        minimum: 60,
        maximum: AGENT_TOKEN_MAX_TTL,
        description: `Lifetime in seconds; default ${AGENT_TOKEN_DEFAULT_TTL}.`,
      }),
    ),
    label: Type.Optional(Label),
  },
  { additionalProperties: false },
)

const AgentToken = component(
  'AgentToken',
  Type.Object({
    agentTokenId: Type.String(),
    userId: Type.String(),
    apps: Type.Union([Type.Array(Type.String()), Type.Null()]),
    methods: Type.Union([Type.Record(Type.String(), Type.Array(Type.String())), Type.Null()]),
    label: Type.Union([Type.String(), Type.Null()]),
    expiresAt: Timestamp,
    createdAt: Timestamp,
    revokedAt: Type.Union([Timestamp, Type.Null()]),
  }),
)
const CreatedAgentToken = Type.Intersect([
  AgentToken,
  Type.Object({ token: Type.String({ description: 'at_…, shown only in this answer.' }) }),
])
const AgentTokenParams = Type.Object({
  userId: Type.String({ maxLength: 100 }),
  agentTokenId: Type.String({ maxLength: 100 }),
})

export function agentTokenRoutes(app: FastifyInstance, deps: ApiDeps): void {
  const api = app.withTypeProvider<TypeBoxTypeProvider>()
  const tags = ['Agent tokens']

  api.post(
    '/v1/users/:userId/agent-tokens',
    {
      schema: {
        tags,
        operationId: 'createAgentToken',
        summary: 'Mint a token for an AI agent acting for this user at /mcp',
        description:
          'An at_… token an AI agent presents to the MCP server to use this user’s credentials, limited to ' +
          '`apps` and `methods`, for `ttlSeconds`. Shown only in this answer.',
        params: UserIdParams,
        body: CreateBody,
        response: {
          201: described(CreatedAgentToken, 'The token, shown only here.'),
          422: errorResponse('unknown_app: `apps` names an app the catalog does not have.'),
          ...errorResponses,
        },
      },
    },
    async (request, reply) => {
      const { apps, methods, ttlSeconds, label } = request.body
      const minted = await mintAgentToken(deps, actorOf(request), {
        userId: request.params.userId,
        ...(apps ? { apps } : {}),
        ...(methods ? { methods } : {}),
        ...(ttlSeconds ? { ttlSeconds } : {}),
        ...(label ? { label } : {}),
      })
      return reply.code(201).header('cache-control', 'no-store').send(minted)
    },
  )

  api.get(
    '/v1/users/:userId/agent-tokens',
    {
      schema: {
        tags,
        operationId: 'listAgentTokens',
        summary: "List the user's agent tokens",
        description:
          'Every agent token of the user, revoked and expired ones included; never a token.',
        params: UserIdParams,
        response: {
          200: described(Type.Object({ data: Type.Array(AgentToken) }), 'The tokens.'),
          ...errorResponses,
        },
      },
    },
    async (request) => ({
      data: await listAgentTokens(deps, request.workspaceId, request.params.userId),
    }),
  )

  api.delete(
    '/v1/users/:userId/agent-tokens/:agentTokenId',
    {
      schema: {
        tags,
        operationId: 'revokeAgentToken',
        summary: 'Revoke an agent token',
        description: 'The token stops working at once, on every node.',
        params: AgentTokenParams,
        response: { 204: NoContent('Revoked.'), ...errorResponses },
      },
    },
    async (request, reply) => {
      const { userId, agentTokenId } = request.params
      await revokeUserAgentToken(deps, actorOf(request), userId, agentTokenId)
      return reply.code(204).send(null)
    },
  )
}
