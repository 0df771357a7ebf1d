import type { FastifyInstance } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { listEventFeed } from '../webhooks/index.js'
import type { ApiDeps } from './deps.js'
import { described, errorResponses } from './schemas.js'
import { Cursored, Event, ListEventsQuery } from './webhook-schemas.js'

/** GET /v1/events: every event of the workspace, oldest first, for reconciling missed deliveries. */
export function eventRoutes(app: FastifyInstance, deps: ApiDeps): void {
  const api = app.withTypeProvider<TypeBoxTypeProvider>()
  api.get(
    '/v1/events',
    {
      schema: {
        tags: ['Events'],
        operationId: 'listEvents',
        summary: 'List events',
        description:
          'Every event of the workspace, oldest first (page on with `after`), of one type with `type`: the ' +
          'same events webhooks deliver, for catching up on missed deliveries.',
        querystring: ListEventsQuery,
        response: { 200: described(Cursored(Event), 'A page of events.'), ...errorResponses },
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
