import { Type } from '@sinclair/typebox'
import { Timestamp } from './schemas.js'
import { component } from './openapi-components.js'

const Id = (prefix: string, what: string) =>
  Type.String({ pattern: `^${prefix}_[0-9a-z]{26}$`, description: what })

export const ListAuditQuery = Type.Object(
  {
    credentialId: Type.Optional(Id('cred', 'rows about this credential')),
    userId: Type.Optional(Id('usr', 'rows about this user and their credentials')),
    action: Type.Optional(
      Type.String({
        pattern: '^[a-z_]+\\.[a-z_]+$',
        maxLength: 64,
        description: 'e.g. credential.secret_read, credential.proxy, credential.delete',
      }),
    ),
    after: Type.Optional(Timestamp),
    cursor: Type.Optional(Id('aud', 'the nextCursor of the previous page')),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
  },
  { additionalProperties: false },
)

export const AuditEntry = component(
  'AuditEntry',
  Type.Object({
    auditId: Type.String(),
    actor: Type.String({
      description:
        'api_key, connect_token, agent_token:<id>, console:<consoleUserId>, cli, worker…',
    }),
    action: Type.String(),
    target: Type.String({ description: 'the credential, user or other id acted on' }),
    userId: Type.Union([Type.String(), Type.Null()]),
    requestId: Type.Union([Type.String(), Type.Null()]),
    detail: Type.Union([
      Type.Record(Type.String(), Type.Unknown(), {
        description:
          'what else was kept: a proxied call’s method, path (no query), status, duration',
      }),
      Type.Null(),
    ]),
    createdAt: Timestamp,
  }),
)

export const AuditPage = component(
  'AuditPage',
  Type.Object({
    data: Type.Array(AuditEntry),
    nextCursor: Type.Union([Type.String(), Type.Null()]),
  }),
)
