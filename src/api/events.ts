import type { FastifyInstance } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { listEventFeed } from '../webhooks/index.js'
import type { ApiDeps } from './deps.js'
import { errorResponses } from './schemas.js'
import { Cursored, Event, ListEventsQuery } from './webhook-schemas.js'

/** GET /v1/events: every event of the workspace, oldest first, for reconciling missed deliveries. */
export function eventRoutes(app: FastifyInstance, deps: ApiDeps): void {
  const api = app.withTypeProvider<TypeBoxTypeProvider>()
  api.get(
    '/v1/events',
    {
      schema: {
        tags: ['Events'],
        querystring: ListEventsQuery,
        response: { 200: Cursored(Event), ...errorResponses },
      },
    },
    async (request) =>
      listEventFeed(deps, request.workspaceId, {
        limit: request.query.limit ?? 100,
        ...(request.query.type ? { type: request.query.type } : {}),
        ...(request.query.after ? { after: request.query.after } : {}),
      }),
  )
}
