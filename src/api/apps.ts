import type { FastifyInstance } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import type { App } from '../catalog/index.js'
import {
  findOAuthClientSettings,
  oauthClientConfigured,
  removeOAuthClient,
  requireApp,
  requireClientApp,
  saveOAuthClient,
  type OAuthClientSettings,
} from '../credentials/index.js'
import { AppError } from '../errors.js'
import { fieldView } from './app-view.js'
import type { ApiDeps } from './deps.js'
import {
  AppDetail,
  AppParams,
  AppSummary,
  ListAppsQuery,
  Page,
  OAuthClientBody,
  OAuthClientView,
  described,
  errorResponse,
  errorResponses,
  NoContent,
} from './schemas.js'

export function appRoutes(app: FastifyInstance, deps: ApiDeps): void {
  const api = app.withTypeProvider<TypeBoxTypeProvider>()
  const tags = ['Apps']
  const iconURL = (a: App) => (a.icon ? `${deps.publicURL}/icons/${a.icon}.svg` : null)
  const summary = (a: App) => ({
    app: a.id,
    name: a.name,
    icon: iconURL(a),
    authType: a.authType,
    isOauth: a.isOAuth,
    categories: a.categories,
  })

  const clientView = (row: OAuthClientSettings, a: App) => ({
    app: a.id,
    clientId: row.clientId,
    scopes: row.scopes ? (JSON.parse(row.scopes) as string[]) : (a.oauth?.scopes ?? []),
    redirectUri: `${deps.publicURL}/oauth/callback/${a.id}`,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  })

  api.get(
    '/v1/apps',
    {
      schema: {
        tags,
        operationId: 'listApps',
        summary: 'List the catalog’s apps',
        description:
          'The apps users can connect, filtered by a search text, a category or an auth type.',
        querystring: ListAppsQuery,
        response: { 200: described(Page(AppSummary), 'A page of apps.'), ...errorResponses },
      },
    },
    async (request) => {
      const { cursor, limit = 500, ...filters } = request.query
      const page = pageAfter(deps.catalog.list(filters), cursor, limit)
      return { data: page.items.map(summary), nextCursor: page.nextCursor }
    },
  )

  api.get(
    '/v1/apps/:app',
    {
      schema: {
        tags,
        operationId: 'getApp',
        summary: 'Get an app',
        description:
          'An app of the catalog: its fields, OAuth scopes, and whether this workspace has its OAuth client.',
        params: AppParams,
        response: { 200: described(AppDetail, 'The app.'), ...errorResponses },
      },
    },
    async (request) => {
      const a = requireApp(deps, request.params.app, 'path')
      const configured = await oauthClientConfigured(deps.db, request.workspaceId, a)
      return {
        ...summary(a),
        docsUrl: a.docsURL,
        fields: a.fields.map(fieldView),
        scopes: a.oauth?.scopes ?? [],
        oauthClientConfigured: configured,
        verifiable: a.verification !== null,
        confirmation: a.confirmation,
      }
    },
  )

  api.put(
    '/v1/apps/:app/oauth-client',
    {
      schema: {
        tags,
        operationId: 'setOAuthClient',
        summary: "Set the workspace's OAuth client for an app",
        description:
          'The client id and secret you registered with the provider, used for every connection of this app ' +
          'in the workspace; register `redirectUri` (in the answer) with the provider. The secret is sealed ' +
          'and never returned.',
        params: AppParams,
        body: OAuthClientBody,
        response: {
          200: described(OAuthClientView, 'The OAuth client, without its secret.'),
          422: errorResponse('not_oauth_app: the app does not use OAuth.'),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const a = requireClientApp(deps, request.params.app, 'path')
      const row = await saveOAuthClient(deps, request.workspaceId, a, request.body)
      return clientView(row, a)
    },
  )

  api.get(
    '/v1/apps/:app/oauth-client',
    {
      schema: {
        tags,
        operationId: 'getOAuthClient',
        summary: "Get the workspace's OAuth client for an app",
        description: 'The client id, scopes and redirect URI; never the client secret.',
        params: AppParams,
        response: {
          200: described(OAuthClientView, 'The OAuth client, without its secret.'),
          422: errorResponse('not_oauth_app: the app does not use OAuth.'),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const a = requireClientApp(deps, request.params.app, 'path')
      const row = await findOAuthClientSettings(deps, request.workspaceId, a.id)
      if (!row)
        throw new AppError(
          'oauth_client_not_found',
          `No OAuth client is configured for ${a.name} in this workspace.`,
        )
      return clientView(row, a)
    },
  )

  api.delete(
    '/v1/apps/:app/oauth-client',
    {
      schema: {
        tags,
        operationId: 'deleteOAuthClient',
        summary: "Delete the workspace's OAuth client for an app",
        description:
          'New connections of the app need a client again; existing credentials can no longer be refreshed.',
        params: AppParams,
        response: {
          204: NoContent('Deleted.'),
          422: errorResponse('not_oauth_app: the app does not use OAuth.'),
          ...errorResponses,
        },
      },
    },
    async (request, reply) => {
      const a = requireClientApp(deps, request.params.app, 'path')
      if (!(await removeOAuthClient(deps, request.workspaceId, a.id))) {
        throw new AppError(
          'oauth_client_not_found',
          `No OAuth client is configured for ${a.name} in this workspace.`,
        )
      }
      return reply.code(204).send(null)
    },
  )
}

/**
 * The apps after the one named by `cursor`, in the catalog's name order; a cursor that names no app of this filtered
 * list is a 400 (the filters changed between pages, or it was made up).
 */
function pageAfter(
  apps: App[],
  cursor: string | undefined,
  limit: number,
): { items: App[]; nextCursor: string | null } {
  const start = cursor === undefined ? 0 : apps.findIndex((a) => a.id === cursor) + 1
  if (start === 0 && cursor !== undefined)
    throw new AppError('invalid_request', 'cursor names no app of this list', {
      fields: [{ field: 'cursor', message: 'is not an app of this list' }],
    })
  const items = apps.slice(start, start + limit)
  return { items, nextCursor: start + limit < apps.length ? items.at(-1)!.id : null }
}
