// Connect tokens (POST /v1/users/{userId}/token) and the modal's own JSON API under /connect/api, which
// authenticates with the connect token (Authorization: Bearer ct_…) instead of an API key.
import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import {
  CONNECT_TOKEN_MAX_TTL,
  connectKeyCredential,
  createAuditedConnectLink,
  mintConnectToken,
  oauthClientConfigured,
  oauthFlowStatus,
  pickerApps,
  reconnectKeyCredential,
  requireAllowedApp,
  requireApp,
  sessionCredentials,
  startOAuthFlow,
  type AuthenticateConnectToken,
  type ConnectSession,
} from '../credentials/index.js'
import { AppError } from '../errors.js'
import { flowFailure } from '../modal/index.js'
import { getWorkspaceSettings } from '../workspaces/index.js'
import { connectBrowserRoutes } from './connect-browser.js'
import { connectMarkRoutes } from './connect-marks.js'
import { enforceRateLimit } from './rate-limit.js'
import { actorOf, bearerToken } from './auth.js'
import type { GuardedContexts } from './guarded-routes.js'
import { fieldView } from './app-view.js'
import type { ApiDeps } from './deps.js'
import { modalRoute } from './connect-schemas.js'
import { UserIdParams, described, errorResponse, errorResponses } from './schemas.js'

export interface ConnectDeps {
  authenticateConnectToken: AuthenticateConnectToken
  /** Serve /demo (KEYPORT_DEMO): mints tokens for a demo user of the `default` workspace, for local tours. */
  demo: boolean
}

const TokenBody = Type.Object(
  {
    apps: Type.Optional(
      Type.Array(Type.String({ maxLength: 100 }), { minItems: 1, maxItems: 100 }),
    ),
    ttlSeconds: Type.Optional(Type.Integer({ minimum: 60, maximum: CONNECT_TOKEN_MAX_TTL })),
  },
  { additionalProperties: false },
)
const ConnectLinkBody = Type.Object(
  {
    ...TokenBody.properties,
    credentialId: Type.Optional(
      Type.String({
        maxLength: 100,
        description: 'Reconnect this credential of the user in place (the link opens its app).',
      }),
    ),
    locale: Type.Optional(
      Type.String({
        pattern: '^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{1,8}){0,3}$',
        maxLength: 35,
        description:
          "The modal's language (en, de, fr, es, pt-BR, ja, ar; others fall back to the browser's language).",
      }),
    ),
    allowMultiple: Type.Optional(
      Type.Boolean({ description: 'Let the user connect a second account of an app they have.' }),
    ),
  },
  { additionalProperties: false },
)
const ConnectLinkResponse = Type.Object({
  url: Type.String({
    description:
      '<publicURL>/connect#token=ct_…: the connect token is in the fragment, never sent to a server.',
  }),
  expiresAt: Type.String({ format: 'date-time' }),
})
const TokenResponse = Type.Object({
  token: Type.String(),
  expiresAt: Type.String({ format: 'date-time' }),
})

declare module 'fastify' {
  interface FastifyRequest {
    /** The connect token's session. Reading it on a request that was not authenticated by one throws. */
    readonly connectSession: ConnectSession
  }
}

// Kept off the request object, so nothing but the modal API's authentication hook can set it.
const sessions = new WeakMap<FastifyRequest, ConnectSession>()

/** POST /v1/users/{userId}/token: registered in the /v1 context (v1.ts), which checks the API key. */
export function connectTokenRoutes(app: FastifyInstance, deps: ApiDeps): void {
  const api = app.withTypeProvider<TypeBoxTypeProvider>()
  api.post(
    '/v1/users/:userId/token',
    {
      schema: {
        tags: ['Connect'],
        operationId: 'createConnectToken',
        summary: 'Mint a connect token for the modal',
        description:
          'A short-lived token (ct_…) your frontend hands to the Keyport modal, so the user can connect ' +
          'their accounts (all apps, or those in `apps`). Never stored in clear; shown only in this answer.',
        params: UserIdParams,
        body: TokenBody,
        response: {
          201: described(TokenResponse, 'The connect token.'),
          422: errorResponse('unknown_app: `apps` names an app the catalog does not have.'),
          ...errorResponses,
        },
      },
    },
    async (request, reply) => {
      const minted = await mintConnectToken(deps, request.workspaceId, {
        userId: request.params.userId,
        ...(request.body.apps ? { apps: request.body.apps } : {}),
        ...(request.body.ttlSeconds ? { ttlSeconds: request.body.ttlSeconds } : {}),
      })
      return reply.code(201).header('cache-control', 'no-store').send(minted)
    },
  )
  api.post(
    '/v1/users/:userId/connect-link',
    {
      schema: {
        tags: ['Connect'],
        operationId: 'createConnectLink',
        summary: 'Mint a hosted connect link (e.g. for a reconnect email)',
        description:
          'A connect token for the user inside the URL fragment of the hosted modal page. With `credentialId`, ' +
          'the link reconnects that credential (same credentialId) and may connect only its app.',
        params: UserIdParams,
        body: ConnectLinkBody,
        response: {
          201: described(ConnectLinkResponse, 'The link.'),
          422: errorResponse(
            'unknown_app, or app_not_allowed (the credential to reconnect is of an app not in `apps`).',
          ),
          ...errorResponses,
        },
      },
    },
    async (request, reply) => {
      const { apps, ttlSeconds, credentialId, locale, allowMultiple } = request.body
      const link = await createAuditedConnectLink(deps, actorOf(request), {
        userId: request.params.userId,
        ...(apps ? { apps } : {}),
        ...(ttlSeconds ? { ttlSeconds } : {}),
        ...(credentialId ? { credentialId } : {}),
        ...(locale ? { locale } : {}),
        ...(allowMultiple ? { allowMultiple } : {}),
      })
      return reply.code(201).header('cache-control', 'no-store').send(link)
    },
  )
}

/** The modal's API (/connect/api, connect token) and the browser pages, each in its own context. */
export function connectRoutes(
  app: FastifyInstance,
  deps: ApiDeps & ConnectDeps,
  guard: GuardedContexts,
): void {
  app.decorateRequest('connectSession', {
    getter(this: FastifyRequest): ConnectSession {
      const found = sessions.get(this)
      if (!found) throw new Error('request.connectSession read outside the /connect/api context')
      return found
    },
  })
  app.register(
    async (scope) => {
      guard.markGuarded(scope)
      modalApi(scope, deps)
    },
    { prefix: '/connect/api' },
  )
  app.register(async (scope) => connectBrowserRoutes(scope, deps))
  app.register(async (scope) => connectMarkRoutes(scope, deps))
}

function session(request: FastifyRequest): ConnectSession {
  return request.connectSession
}

/** Sent by the embedded modal page: the workspace named in its URL, or `none`. */
const FRAME_WORKSPACE_HEADER = 'keyport-frame-workspace'

async function mayServeFramed(
  deps: ApiDeps,
  framedFor: string | string[],
  workspaceId: string,
): Promise<boolean> {
  if (framedFor === workspaceId) return true
  // A page framed without a workspace was served with frame-ancestors *: only for workspaces that set no list.
  return (
    framedFor === 'none' &&
    (await getWorkspaceSettings(deps.db, workspaceId)).modalFrameAncestors === null
  )
}

/** Every route of `scope` needs the connect token, as `Authorization: Bearer ct_…` (any case of `Bearer`). */
function modalApi(scope: FastifyInstance, deps: ApiDeps & ConnectDeps): void {
  scope.addHook('onRequest', async (request, reply) => {
    reply.header('cache-control', 'no-store')
    const token = bearerToken(request.headers.authorization)
    const found = token ? await deps.authenticateConnectToken(token) : null
    if (!found)
      throw new AppError('unauthorized', 'This connection link has expired or is not valid.')
    sessions.set(request, found)
    enforceRateLimit(reply, deps.rateLimits.connectToken, found.tokenHash)
    // The embedded modal page names the workspace it was framed for (connect-browser.ts): its frame-ancestors
    // were that workspace's, so it serves that workspace's tokens only.
    const framedFor = request.headers[FRAME_WORKSPACE_HEADER]
    if (framedFor !== undefined && !(await mayServeFramed(deps, framedFor, found.workspaceId)))
      throw new AppError(
        'forbidden',
        'This connect token belongs to another workspace than the page that opened the modal.',
      )
  })
  const api = scope.withTypeProvider<TypeBoxTypeProvider>()
  const iconURL = (icon: string | null) => (icon ? `/icons/${icon}.svg` : null)
  const markURL = (id: string) => `/connect/marks/${id}.svg`

  api.route({
    ...modalRoute('getModalSession'),
    handler: async (request) => {
      const s = session(request)
      const credentials = await sessionCredentials(deps, s)
      return {
        userId: s.userId,
        apps: s.apps,
        expiresAt: s.expiresAt,
        credentials,
        appNames: Object.fromEntries(
          credentials.map((c) => [c.app, deps.catalog.get(c.app)?.name ?? c.app]),
        ),
      }
    },
  })

  api.route({
    ...modalRoute('listModalApps'),
    handler: async (request) => {
      const apps = await pickerApps(deps, session(request), request.query.search)
      return {
        total: apps.length,
        data: apps.slice(0, 60).map((a) => ({
          app: a.id,
          name: a.name,
          icon: iconURL(a.icon),
          mark: markURL(a.id),
          isOauth: a.isOAuth,
          categories: a.categories,
        })),
      }
    },
  })

  api.route({
    ...modalRoute('getModalApp'),
    handler: async (request) => {
      const s = session(request)
      const found = requireApp(deps, request.params.app, 'path')
      requireAllowedApp(s, found.id)
      const configured = await oauthClientConfigured(deps.db, s.workspaceId, found)
      return {
        app: found.id,
        name: found.name,
        icon: iconURL(found.icon),
        mark: markURL(found.id),
        isOauth: found.isOAuth,
        docsUrl: found.docsURL,
        oauthClientConfigured: configured,
        fields: found.fields.map(fieldView),
      }
    },
  })

  api.route({
    ...modalRoute('createModalCredential'),
    handler: async (request, reply) => {
      const result = await connectKeyCredential(deps, session(request), {
        ...request.body,
        requestId: request.id,
      })
      return reply.code(201).send(result)
    },
  })

  api.route({
    ...modalRoute('reconnectModalCredential'),
    handler: async (request) =>
      reconnectKeyCredential(deps, session(request), {
        credentialId: request.params.credentialId,
        data: request.body.data,
        requestId: request.id,
      }),
  })

  api.route({
    ...modalRoute('startModalOAuth'),
    handler: async (request, reply) => {
      const { app: appId, fields, credentialId } = request.body
      const flow = await startOAuthFlow(deps, session(request), {
        app: appId,
        ...(fields ? { fields } : {}),
        ...(credentialId ? { credentialId } : {}),
      })
      return reply.code(201).send(flow)
    },
  })

  api.route({
    ...modalRoute('getModalOAuthStatus'),
    handler: async (request) => {
      const status = await oauthFlowStatus(deps, session(request), request.body.state)
      return status.status === 'failed'
        ? { ...status, message: flowFailure(status.reason) }
        : status
    },
  })
}
