import type { FastifyInstance } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import { getCredentialTimeline } from '../credentials/index.js'
import type { ApiDeps } from './deps.js'
import { CredentialIdParams, described, errorResponses, Timestamp } from './schemas.js'
import { component } from './openapi-components.js'

const TimelineEntry = component(
  'TimelineEntry',
  Type.Object({
    at: Timestamp,
    kind: Type.Union([Type.Literal('event'), Type.Literal('audit')]),
    type: Type.String({
      description: 'the event type (credential.expired…) or the audit action (credential.check…)',
    }),
    id: Type.String({ description: 'the event id (evt_…) or audit row id (aud_…)' }),
    actor: Type.Union([Type.String(), Type.Null()]),
    data: Type.Union([Type.Record(Type.String(), Type.Unknown()), Type.Null()]),
  }),
)

/** GET /v1/credentials/{id}/events: a credential's events and recorded actions, oldest first. */
export function credentialTimelineRoutes(app: FastifyInstance, deps: ApiDeps): void {
  app.withTypeProvider<TypeBoxTypeProvider>().get(
    '/v1/credentials/:credentialId/events',
    {
      schema: {
        tags: ['Credentials'],
        operationId: 'listCredentialEvents',
        summary: 'A credential’s timeline',
        description:
          'The credential’s events (credential.expired…) and recorded actions (reads, checks…), oldest first.',
        params: CredentialIdParams,
        response: {
          200: described(Type.Object({ data: Type.Array(TimelineEntry) }), 'The timeline.'),
          ...errorResponses,
        },
      },
    },
    async (request) => ({
      data: await getCredentialTimeline(deps, request.workspaceId, request.params.credentialId),
    }),
  )
}
