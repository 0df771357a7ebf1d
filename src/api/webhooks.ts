import type { FastifyInstance } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import {
  createEndpoint,
  getEndpoint,
  listEndpointDeliveries,
  listEndpoints,
  removeEndpoint,
  retryDelivery,
  rotateEndpointSecret,
  sendTestEvent,
  updateEndpoint,
} from '../webhooks/index.js'
import type { ApiDeps } from './deps.js'
import { ErrorBody, Page, errorResponses } from './schemas.js'
import {
  CreateWebhookBody,
  Cursored,
  Delivery,
  DeliveryIdParams,
  ListDeliveriesQuery,
  RotateSecretBody,
  RotatedWebhook,
  UpdateWebhookBody,
  Webhook,
  WebhookIdParams,
  WebhookWithSecret,
} from './webhook-schemas.js'

/** Webhook endpoints and their delivery log (DESIGN.md section 4). */
const ListWebhooksQuery = Type.Object(
  {
    cursor: Type.Optional(
      Type.String({ pattern: '^wh_[0-9a-z]{26}$', description: 'the previous page’s nextCursor' }),
    ),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
  },
  { additionalProperties: false },
)

export function webhookRoutes(app: FastifyInstance, deps: ApiDeps): void {
  const api = app.withTypeProvider<TypeBoxTypeProvider>()
  const tags = ['Webhooks']

  api.post(
    '/v1/webhooks',
    {
      schema: {
        tags,
        body: CreateWebhookBody,
        response: { 201: WebhookWithSecret, 422: ErrorBody, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await createEndpoint(deps, request.workspaceId, request.body)),
  )

  api.get(
    '/v1/webhooks',
    {
      schema: {
        tags,
        querystring: ListWebhooksQuery,
        response: { 200: Page(Webhook), ...errorResponses },
      },
    },
    async (request) => {
      const { cursor, limit } = request.query
      return listEndpoints(deps, request.workspaceId, {
        ...(cursor !== undefined ? { cursor } : {}),
        limit: limit ?? 100,
      })
    },
  )

  api.get(
    '/v1/webhooks/:webhookId',
    { schema: { tags, params: WebhookIdParams, response: { 200: Webhook, ...errorResponses } } },
    async (request) => getEndpoint(deps, request.workspaceId, request.params.webhookId),
  )

  api.patch(
    '/v1/webhooks/:webhookId',
    {
      schema: {
        tags,
        params: WebhookIdParams,
        body: UpdateWebhookBody,
        response: { 200: Webhook, 422: ErrorBody, ...errorResponses },
      },
    },
    async (request) =>
      updateEndpoint(deps, request.workspaceId, request.params.webhookId, request.body),
  )

  api.delete(
    '/v1/webhooks/:webhookId',
    {
      schema: { tags, params: WebhookIdParams, response: { 204: Type.Null(), ...errorResponses } },
    },
    async (request, reply) => {
      await removeEndpoint(deps, request.workspaceId, request.params.webhookId)
      return reply.code(204).send(null)
    },
  )

  api.post(
    '/v1/webhooks/:webhookId/rotate-secret',
    {
      schema: {
        tags,
        params: WebhookIdParams,
        body: Type.Optional(RotateSecretBody),
        response: { 200: RotatedWebhook, ...errorResponses },
      },
    },
    async (request, reply) => {
      reply.header('cache-control', 'no-store')
      return rotateEndpointSecret(
        deps,
        request.workspaceId,
        request.params.webhookId,
        request.body?.overlapSeconds,
      )
    },
  )

  api.post(
    '/v1/webhooks/:webhookId/test',
    {
      schema: {
        tags,
        params: WebhookIdParams,
        response: {
          202: Type.Object({ eventId: Type.String(), deliveryId: Type.String() }),
          ...errorResponses,
        },
      },
    },
    async (request, reply) =>
      reply
        .code(202)
        .send(await sendTestEvent(deps, request.workspaceId, request.params.webhookId)),
  )

  api.get(
    '/v1/webhooks/:webhookId/deliveries',
    {
      schema: {
        tags,
        params: WebhookIdParams,
        querystring: ListDeliveriesQuery,
        response: { 200: Cursored(Delivery), ...errorResponses },
      },
    },
    async (request) =>
      listEndpointDeliveries(deps, request.workspaceId, request.params.webhookId, {
        limit: request.query.limit ?? 50,
        ...(request.query.status ? { status: request.query.status } : {}),
        ...(request.query.after ? { after: request.query.after } : {}),
      }),
  )

  api.post(
    '/v1/webhooks/:webhookId/deliveries/:deliveryId/retry',
    { schema: { tags, params: DeliveryIdParams, response: { 202: Delivery, ...errorResponses } } },
    async (request, reply) =>
      reply
        .code(202)
        .send(
          await retryDelivery(
            deps,
            request.workspaceId,
            request.params.webhookId,
            request.params.deliveryId,
          ),
        ),
  )
}
