// Request and response schemas of the Webhooks and Events API (docs/architecture.md §4).
import { Type } from '@sinclair/typebox'
import { EVENT_TYPES } from '../webhooks/index.js'
import { Timestamp } from './schemas.js'
import { component } from './openapi-components.js'

const NullableTimestamp = Type.Union([Timestamp, Type.Null()])
const EventTypeName = Type.String({ pattern: '^[a-z]+\\.[a-z_]+$', maxLength: 60 })
/** An event type in an answer: one of EVENT_TYPES (requests keep the looser pattern, refused with a clear 422). */
// Typed as string: the stored rows' type is text.
export const EventTypeEnum = Type.Unsafe<string>({ type: 'string', enum: [...EVENT_TYPES] })
const WebhookURL = Type.String({ minLength: 1, maxLength: 2000 })

export const WebhookIdParams = Type.Object({ webhookId: Type.String({ maxLength: 100 }) })
export const DeliveryIdParams = Type.Object({
  webhookId: Type.String({ maxLength: 100 }),
  deliveryId: Type.String({ maxLength: 100 }),
})

export const Webhook = component(
  'Webhook',
  Type.Object({
    webhookId: Type.String(),
    url: Type.String(),
    events: Type.Union([Type.Array(EventTypeEnum), Type.Null()], {
      description: 'null: every event type',
    }),
    enabled: Type.Boolean(),
    disabledReason: Type.Union([Type.String(), Type.Null()]),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  }),
)

export const WebhookWithSecret = component(
  'WebhookWithSecret',
  Type.Composite([
    Webhook,
    Type.Object({ secret: Type.String({ description: 'whsec_…, shown only here' }) }),
  ]),
)

export const RotatedWebhook = Type.Composite([
  WebhookWithSecret,
  Type.Object({ previousSecretExpiresAt: NullableTimestamp }),
])

export const CreateWebhookBody = Type.Object(
  {
    url: WebhookURL,
    events: Type.Optional(
      Type.Union([Type.Array(EventTypeName, { minItems: 1, maxItems: 20 }), Type.Null()]),
    ),
  },
  { additionalProperties: false },
)

export const UpdateWebhookBody = Type.Object(
  {
    url: Type.Optional(WebhookURL),
    events: Type.Optional(
      Type.Union([Type.Array(EventTypeName, { minItems: 1, maxItems: 20 }), Type.Null()]),
    ),
    enabled: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false, minProperties: 1 },
)

export const RotateSecretBody = Type.Union([
  Type.Object(
    {
      overlapSeconds: Type.Optional(
        Type.Integer({ minimum: 0, maximum: 7 * 86400, default: 86400 }),
      ),
    },
    { additionalProperties: false },
  ),
  Type.Null(),
])

export const Delivery = component(
  'Delivery',
  Type.Object({
    deliveryId: Type.String(),
    webhookId: Type.String(),
    eventId: Type.String(),
    eventType: EventTypeEnum,
    status: Type.Union([
      Type.Literal('pending'),
      Type.Literal('succeeded'),
      Type.Literal('failed'),
    ]),
    attempts: Type.Integer(),
    lastStatusCode: Type.Union([Type.Integer(), Type.Null()]),
    lastError: Type.Union([Type.String(), Type.Null()]),
    lastAttemptAt: NullableTimestamp,
    nextAttemptAt: NullableTimestamp,
    createdAt: Timestamp,
    updatedAt: Timestamp,
  }),
)

export const ListDeliveriesQuery = Type.Object(
  {
    status: Type.Optional(
      Type.Union([Type.Literal('pending'), Type.Literal('succeeded'), Type.Literal('failed')]),
    ),
    after: Type.Optional(Type.String({ pattern: '^dlv_[0-9a-z]{26}$' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
  },
  { additionalProperties: false },
)

export const Event = component(
  'Event',
  Type.Object({
    id: Type.String(),
    type: EventTypeEnum,
    createdAt: Timestamp,
    data: Type.Record(Type.String(), Type.Unknown(), {
      description:
        'credential.expired: {userId, userEmail, credentialId, credentialName, app, reason, expiredAt, ' +
        'reconnectUrl}. reconnectUrl is a hosted connect link (token in the fragment) that reconnects that ' +
        'credential, valid one hour after expiredAt; POST /v1/users/{userId}/connect-link mints a fresh one.',
    }),
  }),
)

export const ListEventsQuery = Type.Object(
  {
    type: Type.Optional(EventTypeName),
    after: Type.Optional(
      Type.String({
        pattern: '^evt_[0-9a-z]{26}$',
        description: 'an event id: return the events after it',
      }),
    ),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
  },
  { additionalProperties: false },
)

export const Cursored = <T extends ReturnType<typeof Type.Object>>(item: T) =>
  Type.Object({ data: Type.Array(item), nextCursor: Type.Union([Type.String(), Type.Null()]) })
