// The webhook payloads, as the OpenAPI 3.1 document's `webhooks`: one entry per event type (the Record below fails
// to compile when an event type is added without its payload), each the body src/webhooks/deliver.ts signs and
// sends: {id, type, createdAt, data}.
import type { FastifyDynamicSwaggerOptions } from '@fastify/swagger'
import { Type, type TSchema } from '@sinclair/typebox'
import type { EventType } from '../webhooks/index.js'
import { ExpiryReason, StringEnum, Timestamp } from './schemas.js'

/** What every credential event carries (credentials/events.ts credentialEventData). */
const CredentialEventData = {
  userId: Type.String(),
  userEmail: Type.Union([Type.String(), Type.Null()], {
    description: "the user's email when the event was recorded; null once the user is gone",
  }),
  credentialId: Type.String(),
  credentialName: Type.String(),
  app: Type.String(),
}

interface EventPayload {
  summary: string
  data: Record<string, TSchema>
}

const EVENTS: Record<EventType, EventPayload> = {
  'credential.created': {
    summary: 'A user connected an account (modal, API or import).',
    data: CredentialEventData,
  },
  'credential.expiring': {
    summary: 'A credential with a known end (key or refresh-token lifetime) ends within 7 days.',
    data: {
      ...CredentialEventData,
      expiresAt: Timestamp,
      reason: StringEnum(['key_lifetime', 'refresh_token_lifetime']),
    },
  },
  'credential.expired': {
    summary: 'A credential stopped working: ask the user to reconnect (reconnectUrl).',
    data: {
      ...CredentialEventData,
      reason: ExpiryReason,
      expiredAt: Timestamp,
      reconnectUrl: Type.String({
        description:
          'A hosted connect link (token in the fragment) that reconnects this credential, valid one hour; ' +
          'POST /v1/users/{userId}/connect-link mints a fresh one.',
      }),
    },
  },
  'credential.recovered': {
    summary: 'An expired credential works again (the user reconnected it).',
    data: CredentialEventData,
  },
  'credential.deleted': {
    summary: 'A credential was deleted (by you, or with its user).',
    data: { ...CredentialEventData, deletedAt: Timestamp },
  },
  'webhook.test': {
    summary: 'POST /v1/webhooks/{webhookId}/test: sent to that endpoint only.',
    data: { webhookId: Type.String(), message: Type.String() },
  },
}

const SIGNATURE_HEADERS = [
  ['webhook-id', 'The event id (evt_…): the same on every retry; deduplicate on it.'],
  ['webhook-timestamp', 'Unix seconds of this attempt; refuse one far from your clock.'],
  [
    'webhook-signature',
    'v1,<base64 HMAC-SHA256 of id.timestamp.body> (Standard Webhooks), space-separated during a rotation.',
  ],
] as const

/** camelCase of an event type: credential.expired → credentialExpired. */
const operationIdOf = (type: string): string =>
  type.replace(/[._]([a-z])/g, (_match, letter: string) => letter.toUpperCase())

type OpenAPI31 = Extract<
  NonNullable<FastifyDynamicSwaggerOptions['openapi']>,
  { webhooks?: unknown }
>

/** The document's `webhooks` object. */
export function webhookOperations(): NonNullable<OpenAPI31['webhooks']> {
  return Object.fromEntries(
    Object.entries(EVENTS).map(([type, event]) => [
      type,
      {
        post: {
          operationId: operationIdOf(type),
          summary: type,
          description: `${event.summary} Sent to endpoints subscribed to ${type}, signed (Standard Webhooks); retried with backoff until a 2xx.`,
          tags: ['Webhooks'],
          security: [],
          parameters: SIGNATURE_HEADERS.map(([name, description]) => ({
            name,
            in: 'header',
            required: true,
            description,
            schema: { type: 'string' },
          })),
          requestBody: {
            required: true,
            content: {
              'application/json': {
                schema: Type.Object({
                  id: Type.String({ description: 'evt_…' }),
                  type: Type.Literal(type),
                  createdAt: Timestamp,
                  data: Type.Object(event.data),
                }),
              },
            },
          },
          responses: {
            '2XX': { description: 'Received: any 2xx ends the retries.' },
            default: { description: 'Not received: retried with backoff.' },
          },
        },
      },
    ]),
  )
}
