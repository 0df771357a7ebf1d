// Request and response schemas: the routes validate with them, serialize through them, and /openapi.json
// is generated from them, so the three can never disagree.
import { Type, type TSchema } from '@sinclair/typebox'
import {
  METADATA_KEY,
  METADATA_MAX_BYTES,
  METADATA_MAX_KEYS,
  METADATA_MAX_STRING,
} from '../credentials/index.js'
import { AppFile } from '../catalog/index.js'
import {
  CREDENTIAL_STATUSES,
  EXPIRY_REASONS,
  type ExpiryReason as Reason,
} from '../credentials/index.js'
import { component } from './openapi-components.js'
import { StringEnum } from './string-enum.js'

export { StringEnum } from './string-enum.js'
export {
  ErrorEnvelope,
  ErrorBody,
  errorResponse,
  errorResponses,
  rateLimitedResponse,
} from './error-schemas.js'

export const Timestamp = Type.String({ format: 'date-time' })
const NullableTimestamp = Type.Union([Timestamp, Type.Null()])
const Email = Type.String({ minLength: 3, maxLength: 320, pattern: '^[^@\\s]+@[^@\\s]+$' })

/** The platform's metadata as a request sets it: a key set to null is removed (on create: not stored). */
export const MetadataBody = Type.Record(
  Type.String({ pattern: METADATA_KEY }),
  Type.Union([
    Type.String({ maxLength: METADATA_MAX_STRING }),
    Type.Number(),
    Type.Boolean(),
    Type.Null(),
  ]),
  {
    maxProperties: METADATA_MAX_KEYS,
    additionalProperties: false,
    description:
      `Your own data: at most ${METADATA_MAX_KEYS} keys matching ${METADATA_KEY}, values strings ` +
      `(≤ ${METADATA_MAX_STRING} characters), numbers, booleans or null (removes the key); ` +
      `≤ ${METADATA_MAX_BYTES} bytes as JSON. Never put a secret here: it is returned on every read.`,
  },
)
const MetadataView = Type.Record(
  Type.String(),
  Type.Union([Type.String(), Type.Number(), Type.Boolean()]),
)
/** `?metadata[key]=value`: a list filtered by one metadata key, by string equality. */
export const MetadataFilter = {
  patternProperties: {
    '^metadata\\[': Type.String({
      maxLength: METADATA_MAX_STRING,
      description: 'metadata[key]=value: only those whose metadata has key equal to this string',
    }),
  },
}

export const User = component(
  'User',
  Type.Object({
    userId: Type.String(),
    username: Type.String(),
    email: Type.Union([Type.String(), Type.Null()]),
    fullName: Type.Union([Type.String(), Type.Null()]),
    metadata: MetadataView,
    createdAt: Timestamp,
    updatedAt: Timestamp,
  }),
)

export const CreateUserBody = Type.Object(
  {
    username: Type.String({ minLength: 1, maxLength: 200 }),
    email: Type.Optional(Type.Union([Email, Type.Null()])),
    fullName: Type.Optional(Type.Union([Type.String({ maxLength: 200 }), Type.Null()])),
    metadata: Type.Optional(MetadataBody),
  },
  { additionalProperties: false },
)

export const UpdateUserBody = Type.Object(
  {
    username: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    email: Type.Optional(Type.Union([Email, Type.Null()])),
    fullName: Type.Optional(Type.Union([Type.String({ maxLength: 200 }), Type.Null()])),
    metadata: Type.Optional(MetadataBody),
  },
  { additionalProperties: false, minProperties: 1 },
)

export const ListUsersQuery = Type.Object(
  {
    username: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    search: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 200,
        description: 'users whose username or email starts with this text, in any case',
      }),
    ),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
    cursor: Type.Optional(Type.String({ maxLength: 200 })),
  },
  { additionalProperties: false, ...MetadataFilter },
)

export const Page = <T extends TSchema>(item: T) =>
  Type.Object({ data: Type.Array(item), nextCursor: Type.Union([Type.String(), Type.Null()]) })

export const UserIdParams = Type.Object({ userId: Type.String({ maxLength: 100 }) })
export const CredentialIdParams = Type.Object({ credentialId: Type.String({ maxLength: 100 }) })
export const AppParams = Type.Object({ app: Type.String({ maxLength: 100 }) })

/** The recipe types (README: Auth types); also each credential's `type`. */
export const AuthType = Type.Union([
  Type.Literal('oauth2'),
  Type.Literal('api_key'),
  Type.Literal('basic'),
  Type.Literal('custom'),
  Type.Literal('client_credentials'),
  Type.Literal('jwt_bearer'),
  Type.Literal('github_app'),
  Type.Literal('aws_sigv4'),
])

/** The `type` of every auth recipe the catalog's app file schema accepts: its source of truth. */
function authTypesOf(schema: TSchema): string[] {
  if (schema.anyOf) return (schema.anyOf as TSchema[]).flatMap(authTypesOf)
  if (schema.properties?.type) return authTypesOf(schema.properties.type as TSchema)
  if (typeof schema.const === 'string') return [schema.const]
  return (schema.enum as string[] | undefined) ?? []
}
export const AUTH_TYPES = authTypesOf(AppFile.properties.auth)
const AuthTypeName = StringEnum(AUTH_TYPES, { description: "the app's auth recipe" })

export const AppSummary = component(
  'AppSummary',
  Type.Object({
    app: Type.String(),
    name: Type.String(),
    icon: Type.Union([Type.String(), Type.Null()]),
    authType: AuthTypeName,
    isOauth: Type.Boolean(),
    categories: Type.Array(Type.String()),
  }),
)

export const AppFieldView = component(
  'AppField',
  Type.Object({
    name: Type.String(),
    displayName: Type.String(),
    description: Type.Union([Type.String(), Type.Null()]),
    secret: Type.Boolean(),
    required: Type.Boolean(),
    pattern: Type.Union([Type.String(), Type.Null()]),
    placeholder: Type.Union([Type.String(), Type.Null()]),
    options: Type.Union([Type.Array(Type.String()), Type.Null()]),
    /** A PEM key or a JSON key file: the modal shows a text area and a file picker. */
    multiline: Type.Optional(Type.Boolean()),
  }),
)

export const AppDetail = component(
  'App',
  Type.Composite([
    AppSummary,
    Type.Object({
      docsUrl: Type.String(),
      fields: Type.Array(AppFieldView),
      scopes: Type.Array(Type.String()),
      oauthClientConfigured: Type.Boolean(),
      verifiable: Type.Boolean(),
      confirmation: Type.String(),
    }),
  ]),
)

export const ListAppsQuery = Type.Object(
  {
    search: Type.Optional(Type.String({ maxLength: 100 })),
    category: Type.Optional(Type.String({ maxLength: 50 })),
    authType: Type.Optional(AuthType),
    cursor: Type.Optional(
      Type.String({
        pattern: '^[a-z0-9][a-z0-9-]{0,62}$',
        description: 'the previous page’s nextCursor (apps are in name order)',
      }),
    ),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 500 })),
  },
  { additionalProperties: false },
)

export const OAuthClientBody = Type.Object(
  {
    clientId: Type.String({ minLength: 1, maxLength: 500 }),
    clientSecret: Type.String({ minLength: 1, maxLength: 2000 }),
    scopes: Type.Optional(
      Type.Array(Type.String({ minLength: 1, maxLength: 500 }), { maxItems: 200 }),
    ),
  },
  { additionalProperties: false },
)

export const OAuthClientView = component(
  'OAuthClient',
  Type.Object({
    app: Type.String(),
    clientId: Type.String(),
    scopes: Type.Array(Type.String()),
    redirectUri: Type.String(),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  }),
)

/** Why a credential expired, each reason with its meaning: the view's expiryReason and credential.expired's reason. */
export const ExpiryReason = StringEnum(Object.keys(EXPIRY_REASONS) as Reason[], {
  description: Object.entries(EXPIRY_REASONS)
    .map(([reason, meaning]) => `${reason}: ${meaning}`)
    .join(' '),
})

export const Credential = component(
  'Credential',
  Type.Object({
    credentialId: Type.String(),
    userId: Type.String(),
    app: Type.String(),
    name: Type.String(),
    type: AuthTypeName,
    status: StringEnum(CREDENTIAL_STATUSES, {
      description: 'expired: the user must reconnect (credential.expired was sent)',
    }),
    metadata: Type.Record(Type.String(), Type.Unknown()),
    createdAt: Timestamp,
    updatedAt: Timestamp,
    expiresAt: NullableTimestamp,
    lastUsedAt: Type.Union([Timestamp, Type.Null()], {
      description:
        'When the secret was last read, to within about a minute (reads are recorded in batches, at most one update per credential per minute).',
    }),
    expiredAt: Type.Union([Timestamp, Type.Null()], {
      description:
        'When it expired (expiredAt of its credential.expired event); null while active. A reconnect clears it.',
    }),
    expiryReason: Type.Union([ExpiryReason, Type.Null()], {
      description: 'Why it expired (reason of its credential.expired event); null while active.',
    }),
  }),
)

const FieldValues = Type.Record(Type.String({ maxLength: 100 }), Type.Unknown(), {
  maxProperties: 50,
})

export const CreateCredentialBody = Type.Object(
  {
    userId: Type.String({ minLength: 1, maxLength: 100 }),
    app: Type.String({ minLength: 1, maxLength: 100 }),
    data: FieldValues,
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    skipVerification: Type.Optional(Type.Boolean()),
    metadata: Type.Optional(MetadataBody),
  },
  { additionalProperties: false },
)

export const ImportCredentialBody = Type.Object(
  {
    userId: Type.String({ minLength: 1, maxLength: 100 }),
    app: Type.String({ minLength: 1, maxLength: 100 }),
    tokens: Type.Object(
      {
        accessToken: Type.String({ minLength: 1, maxLength: 16384 }),
        refreshToken: Type.Optional(Type.String({ minLength: 1, maxLength: 16384 })),
        expiresAt: Type.Optional(Type.String({ format: 'date-time', maxLength: 40 })),
        scope: Type.Optional(Type.String({ maxLength: 4000 })),
        tokenType: Type.Optional(Type.String({ maxLength: 40 })),
      },
      { additionalProperties: false },
    ),
    data: Type.Optional(FieldValues),
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    metadata: Type.Optional(MetadataBody),
  },
  { additionalProperties: false },
)

export const UpdateCredentialBody = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    metadata: Type.Optional(MetadataBody),
  },
  { additionalProperties: false, minProperties: 1 },
)

/** `?cursor=&limit=` on the credential lists: the previous page's nextCursor, and a page size. */
export const CredentialPageParams = {
  cursor: Type.Optional(
    Type.String({ pattern: '^cred_[0-9a-z]{26}$', description: 'the previous page’s nextCursor' }),
  ),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
}

export const ListCredentialsQuery = Type.Object(
  { app: Type.Optional(Type.String({ maxLength: 100 })), ...CredentialPageParams },
  { additionalProperties: false, ...MetadataFilter },
)

export const SecretBody = component(
  'CredentialSecret',
  Type.Object({
    credentialId: Type.String(),
    type: Type.String(),
    expiresAt: NullableTimestamp,
    data: Type.Record(Type.String(), Type.Union([Type.String(), Type.Null()])),
  }),
)

/** A success answer's schema with its description (the document's response description). */
export function described<T extends TSchema>(schema: T, description: string): T {
  return { ...schema, description }
}

/** 204 No Content. */
export const NoContent = (description: string) => Type.Null({ description })

// The pages of the lists, named for the document (the routes build them with Page()).
component('UserPage', Page(User))
component('AppPage', Page(AppSummary))
component('CredentialPage', Page(Credential))
