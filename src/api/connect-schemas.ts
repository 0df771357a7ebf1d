// The modal's JSON API (/connect/api, a connect token) and the demo's token route: one entry per operation, with its
// method, path and schemas. connect.ts and connect-browser.ts register each route from its entry, so Fastify
// validates requests and serializes answers through these schemas; connectAPIDocument() (connect-openapi.ts)
// writes the modal's own OpenAPI document from the same entries, and the modal's TypeScript types are generated
// from that document (npm run client:generate). Answers are closed objects: the test harness checks what a handler
// returns before serialization, so a property the schema forgets (and fast-json-stringify would drop) fails a test.
import { Type, type TObject, type TProperties, type TSchema } from '@sinclair/typebox'
import { CREDENTIAL_STATUSES, OAUTH_FLOW_FAILURES } from '../credentials/index.js'
import { StringEnum, Timestamp, described, errorResponse, rateLimitedResponse } from './schemas.js'

/** A response object that declares every property it may carry. */
const Closed = <T extends TProperties>(properties: T, description?: string): TObject<T> =>
  Type.Object(properties, {
    additionalProperties: false,
    ...(description ? { description } : {}),
  })

const AppId = Type.String({ maxLength: 100 })
const FieldValues = Type.Record(Type.String({ maxLength: 100 }), Type.Unknown(), {
  maxProperties: 50,
})
const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()])

const SessionCredential = Closed({
  credentialId: Type.String(),
  app: Type.String(),
  name: Type.String(),
  status: StringEnum(CREDENTIAL_STATUSES),
  metadata: Type.Record(Type.String(), Type.Unknown(), {
    description: 'Public connection values (shop, site, account), to tell two connections apart.',
  }),
  createdAt: Timestamp,
})

const ModalSession = Closed({
  userId: Type.String(),
  apps: Nullable(Type.Array(Type.String(), { description: 'null: any app of the catalog.' })),
  expiresAt: Timestamp,
  credentials: Type.Array(SessionCredential, {
    description: "The user's connections within the token's apps.",
  }),
  appNames: Type.Record(Type.String(), Type.String(), {
    description: "Each connected app's display name, by app id.",
  }),
})

const AppTile = {
  app: Type.String(),
  name: Type.String(),
  icon: Nullable(
    Type.String({ description: '/icons/<slug>.svg, when simple-icons has the brand.' }),
  ),
  mark: Type.String({ description: "/connect/marks/<app>.svg: the app's logo or initials." }),
  isOauth: Type.Boolean(),
}

const PickerApps = Closed({
  total: Type.Integer({ minimum: 0, description: 'How many apps match; data holds the first 60.' }),
  data: Type.Array(Closed({ ...AppTile, categories: Type.Array(Type.String()) })),
})

/** Every property of api/app-view.ts fieldView(): the modal renders the form from them. */
const ModalField = Closed({
  name: Type.String(),
  displayName: Type.String(),
  description: Nullable(Type.String()),
  secret: Type.Boolean(),
  required: Type.Boolean(),
  pattern: Nullable(Type.String()),
  placeholder: Nullable(Type.String()),
  options: Nullable(Type.Array(Type.String(), { description: 'A select of these values.' })),
  default: Nullable(Type.String()),
  multiline: Type.Boolean({ description: 'A PEM key or a JSON key file: a text area and a file.' }),
})

const AppDetail = Closed({
  ...AppTile,
  docsUrl: Type.String(),
  oauthClientConfigured: Type.Boolean({
    description:
      'OAuth apps: whether the workspace set up its OAuth client (else it cannot connect).',
  }),
  fields: Type.Array(ModalField),
})

const CredentialConnected = Closed({ credentialId: Type.String(), app: Type.String() })

const OAuthFlowStarted = Closed({
  state: Type.String({
    description: 'Posted by the popup to /oauth/start; polled at /oauth/status.',
  }),
  expiresAt: Timestamp,
})

const FlowStatus = Type.Union([
  Closed({ status: Type.Literal('pending') }),
  Closed({
    status: Type.Literal('connected'),
    credentialId: Type.String(),
    app: Type.String(),
  }),
  Closed({
    status: Type.Literal('failed'),
    reason: StringEnum(OAUTH_FLOW_FAILURES),
    message: Type.String({ description: 'The reason in a sentence (English).' }),
  }),
])

const DemoToken = Closed({ token: Type.String(), expiresAt: Timestamp, userId: Type.String() })

/** The errors every /connect/api route can answer (the connect token check and its rate limit). */
const modalErrors = {
  400: errorResponse(
    'invalid_request: the body, query or path is invalid; error.fields says where.',
  ),
  401: errorResponse('unauthorized: no connect token, or one that expired or is not valid.'),
  403: errorResponse(
    'forbidden: the token belongs to another workspace than the embedded page was framed for.',
  ),
  429: rateLimitedResponse("rate_limited: over the connect token's requests per second."),
  default: errorResponse('Any other error, in the same envelope (500 internal_error, 503).'),
}

type Method = 'GET' | 'POST'
interface Operation {
  method: Method
  url: string
  schema: {
    summary: string
    description: string
    params?: TSchema
    querystring?: TSchema
    body?: TSchema
    response: Record<string, TSchema>
  }
}

const operation = <M extends Method, U extends string, S extends Operation['schema']>(
  method: M,
  url: U,
  schema: S,
) => ({ method, url, schema })

/** The modal's API, mounted under MODAL_API_PREFIX. Keys are operationIds: never rename a shipped one. */
export const MODAL_API_PREFIX = '/connect/api'
export const MODAL_OPERATIONS = {
  getModalSession: operation('GET', '/session', {
    summary: "The connect token's session",
    description:
      'Who the token is for, which apps it may connect, and the connections the user already has among them.',
    response: { 200: described(ModalSession, 'The session.'), ...modalErrors },
  }),
  listModalApps: operation('GET', '/apps', {
    summary: 'The apps the picker offers',
    description:
      "The catalog within the token's apps, without the OAuth apps the workspace has no client for.",
    querystring: Type.Object({ search: Type.Optional(Type.String({ maxLength: 100 })) }),
    response: { 200: described(PickerApps, 'The matching apps.'), ...modalErrors },
  }),
  getModalApp: operation('GET', '/apps/:app', {
    summary: 'One app, with the form to connect it',
    description: 'Its fields (never a value), its docs and whether OAuth can start.',
    params: Type.Object({ app: AppId }),
    response: {
      200: described(AppDetail, 'The app.'),
      404: errorResponse('app_not_found'),
      422: errorResponse("app_not_allowed: the token's apps do not include it."),
      ...modalErrors,
    },
  }),
  createModalCredential: operation('POST', '/credentials', {
    summary: 'Connect a key-based app',
    description:
      'Checks the values against the app (and the provider, when it can) and stores them.',
    body: Type.Object({ app: AppId, data: FieldValues }, { additionalProperties: false }),
    response: {
      201: described(CredentialConnected, 'Connected.'),
      404: errorResponse('app_not_found, user_not_found'),
      422: errorResponse(
        'app_not_allowed, invalid_credential_data (error.fields), credential_verification_failed, ' +
          'oauth_app_requires_modal',
      ),
      502: errorResponse('verification_unavailable: the provider could not be asked.'),
      ...modalErrors,
    },
  }),
  reconnectModalCredential: operation('POST', '/credentials/:credentialId/reconnect', {
    summary: 'Reconnect a key-based credential in place',
    description: 'New values for a credential of the user; it keeps its credentialId.',
    params: Type.Object({ credentialId: Type.String({ maxLength: 100 }) }),
    body: Type.Object({ data: FieldValues }, { additionalProperties: false }),
    response: {
      200: described(CredentialConnected, 'Reconnected.'),
      404: errorResponse('credential_not_found (another user’s included), app_not_found'),
      422: errorResponse(
        'app_not_allowed, invalid_credential_data (error.fields), credential_verification_failed, ' +
          'oauth_app_requires_modal',
      ),
      502: errorResponse('verification_unavailable: the provider could not be asked.'),
      ...modalErrors,
    },
  }),
  startModalOAuth: operation('POST', '/oauth/start', {
    summary: 'Start an OAuth connection',
    description:
      'Records a flow and returns its state; the popup posts it to /oauth/start, which redirects to the provider.',
    body: Type.Object(
      {
        app: AppId,
        fields: Type.Optional(FieldValues),
        credentialId: Type.Optional(Type.String({ maxLength: 100 })),
      },
      { additionalProperties: false },
    ),
    response: {
      201: described(OAuthFlowStarted, 'The flow.'),
      404: errorResponse('app_not_found, credential_not_found (reconnecting)'),
      422: errorResponse(
        'app_not_allowed, not_oauth_app, oauth_client_not_configured, invalid_credential_data',
      ),
      ...modalErrors,
    },
  }),
  getModalOAuthStatus: operation('POST', '/oauth/status', {
    summary: 'How an OAuth connection ended',
    description:
      'Polled by the modal: pending, connected, or failed with a reason. Another session’s state is unknown_state.',
    body: Type.Object({ state: Type.String({ maxLength: 100 }) }, { additionalProperties: false }),
    response: { 200: described(FlowStatus, 'The flow’s status.'), ...modalErrors },
  }),
} satisfies Record<string, Operation>

/** POST /demo/token (KEYPORT_DEMO only): the demo page's connect token for the demo user. */
export const DEMO_OPERATIONS = {
  createDemoToken: operation('POST', '/demo/token', {
    summary: "A connect token for the demo's user",
    description:
      'Only with KEYPORT_DEMO, and only from Keyport’s own origin (another site’s request is 403).',
    response: {
      200: described(DemoToken, 'The token.'),
      403: errorResponse('forbidden: a cross-origin request.'),
      404: errorResponse('not_found: no "default" workspace.'),
      default: errorResponse('Any other error, in the same envelope.'),
    },
  }),
} satisfies Record<string, Operation>

export type ModalOperationId = keyof typeof MODAL_OPERATIONS | keyof typeof DEMO_OPERATIONS
type Operations = typeof MODAL_OPERATIONS & typeof DEMO_OPERATIONS

/**
 * A route's method, path and schema from its entry, for `scope.route({ ...modalRoute(id), handler })`. Hidden from
 * /openapi.json: these are Keyport's contract with its own browser code, not the platform's API.
 */
export function modalRoute<K extends ModalOperationId>(
  id: K,
): Omit<Operations[K], 'schema'> & {
  schema: Operations[K]['schema'] & { operationId: K; hide: true }
} {
  const found = ({ ...MODAL_OPERATIONS, ...DEMO_OPERATIONS } as Operations)[id]
  return { ...found, schema: { ...found.schema, operationId: id, hide: true } }
}
