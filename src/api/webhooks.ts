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
import { Page, described, errorResponse, errorResponses, NoContent } from './schemas.js'
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

/** Webhook endpoints and their delivery log (docs/architecture.md §4). */
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
        operationId: 'createWebhook',
        summary: 'Create a webhook endpoint',
        description:
          'Keyport sends the events you subscribe to (all when `events` is null) to `url`, signed with the ' +
          'secret in this answer (Standard Webhooks); the secret is shown only here and on rotation.',
        body: CreateWebhookBody,
        response: {
          201: described(WebhookWithSecret, 'The endpoint, with its signing secret.'),
          422: errorResponse(
            'invalid_webhook_url: a URL Keyport may not call (error.fields says why).',
          ),
          ...errorResponses,
        },
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
        operationId: 'listWebhooks',
        summary: 'List webhook endpoints',
        description:
          'Every webhook endpoint of the workspace in creation order, a page at a time; no secrets.',
        querystring: ListWebhooksQuery,
        response: { 200: described(Page(Webhook), 'A page of endpoints.'), ...errorResponses },
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
    {
      schema: {
        tags,
        operationId: 'getWebhook',
        summary: 'Get a webhook endpoint',
        description: 'The endpoint, its subscriptions and whether it is enabled; never its secret.',
        params: WebhookIdParams,
        response: { 200: described(Webhook, 'The endpoint.'), ...errorResponses },
      },
    },
    async (request) => getEndpoint(deps, request.workspaceId, request.params.webhookId),
  )

  api.patch(
    '/v1/webhooks/:webhookId',
    {
      schema: {
        tags,
        operationId: 'updateWebhook',
        summary: 'Update a webhook endpoint',
        description:
          'Changes its URL, its event types, or enables it again (an endpoint failing for days is disabled).',
        params: WebhookIdParams,
        body: UpdateWebhookBody,
        response: {
          200: described(Webhook, 'The endpoint, changed.'),
          422: errorResponse(
            'invalid_webhook_url: a URL Keyport may not call (error.fields says why).',
          ),
          ...errorResponses,
        },
      },
    },
    async (request) =>
      updateEndpoint(deps, request.workspaceId, request.params.webhookId, request.body),
  )

  api.delete(
    '/v1/webhooks/:webhookId',
    {
      schema: {
        tags,
        operationId: 'deleteWebhook',
        summary: 'Delete a webhook endpoint',
        description: 'No more deliveries are made to it, pending ones included.',
        params: WebhookIdParams,
        response: { 204: NoContent('Deleted.'), ...errorResponses },
      },
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
        operationId: 'rotateWebhookSecret',
        summary: "Rotate a webhook endpoint's signing secret",
        description:
          'A new secret signs deliveries from now on; the previous one also signs them for `overlapSeconds` ' +
          '(a day by default), so receivers can switch without missing one.',
        params: WebhookIdParams,
        body: Type.Optional(RotateSecretBody),
        response: {
          200: described(RotatedWebhook, 'The endpoint with its new secret.'),
          ...errorResponses,
        },
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
        operationId: 'sendTestWebhook',
        summary: 'Send a test event to a webhook endpoint',
        description: 'Queues a webhook.test event for this endpoint only.',
        params: WebhookIdParams,
        response: {
          202: described(
            Type.Object({ eventId: Type.String(), deliveryId: Type.String() }),
            'Queued: follow it in the delivery log.',
          ),
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
        operationId: 'listWebhookDeliveries',
        summary: "List a webhook endpoint's deliveries",
        description: 'The delivery log, oldest first (page on with `after`), filtered by status.',
        params: WebhookIdParams,
        querystring: ListDeliveriesQuery,
        response: {
          200: described(Cursored(Delivery), 'A page of deliveries.'),
          ...errorResponses,
        },
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
    {
      schema: {
        tags,
        operationId: 'retryWebhookDelivery',
        summary: 'Retry a delivery now',
        description: 'Queues the delivery to be sent again at once.',
        params: DeliveryIdParams,
        response: { 202: described(Delivery, 'Queued again.'), ...errorResponses },
      },
    },
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
