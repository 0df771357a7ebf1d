// GET /v1/summary: the workspace at a glance (the console's overview page), scriptable like every console view.
import type { FastifyInstance } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import { summarizeWorkspace } from '../workspaces/index.js'
import type { ApiDeps } from './deps.js'
import { described, errorResponses, Timestamp } from './schemas.js'
import { component } from './openapi-components.js'

const Count = Type.Integer({ minimum: 0 })

export const WorkspaceSummary = component(
  'WorkspaceSummary',
  Type.Object({
    generatedAt: Timestamp,
    credentials: Type.Object({
      total: Count,
      byStatus: Type.Object({ active: Count, expired: Count }),
      byApp: Type.Array(
        Type.Object({ app: Type.String(), active: Count, expired: Count, total: Count }),
        { description: 'most credentials first' },
      ),
      expiringWithin7Days: Type.Integer({
        minimum: 0,
        description:
          'active credentials with a known end (API-key lifetime, refresh-token lifetime) in the next 7 days; ' +
          'list them with GET /v1/credentials?status=active&expiringBefore=…',
      }),
    }),
    last24Hours: Type.Object({
      expired: Type.Integer({
        minimum: 0,
        description: 'credentials that expired (refresh refused, check failed, lifetime over)',
      }),
      refreshFailing: Type.Integer({
        minimum: 0,
        description:
          'active credentials whose refresh or check is failing now (retried with backoff until they recover or expire)',
      }),
      webhookFailures: Type.Object(
        { failed: Count, retrying: Count },
        {
          description:
            'deliveries whose last attempt in the window did not succeed: given up on (failed) or still retried',
        },
      ),
    }),
  }),
)

export function summaryRoutes(app: FastifyInstance, deps: ApiDeps): void {
  app.withTypeProvider<TypeBoxTypeProvider>().get(
    '/v1/summary',
    {
      schema: {
        tags: ['Workspace'],
        operationId: 'getWorkspaceSummary',
        summary: 'The workspace at a glance',
        description:
          'Credentials by status and app, how many expire in the next 7 days, and the last 24 hours’ expiries, ' +
          'failing refreshes and failing webhook deliveries: the console’s overview, in three aggregate queries.',
        response: { 200: described(WorkspaceSummary, 'The summary.'), ...errorResponses },
      },
    },
    async (request) => summarizeWorkspace(deps, request.workspaceId),
  )
}
