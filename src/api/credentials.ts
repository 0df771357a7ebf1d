import type { FastifyInstance } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import {
  createKeyCredential,
  getCredential,
  importOAuthCredential,
  listUserCredentials,
  readCredentialSecret,
  removeCredential,
  metadataFilter,
  updateUserCredential,
  revokeRemovedAtProviders,
} from '../credentials/index.js'
import { actorOf } from './auth.js'
import type { ApiDeps } from './deps.js'
import {
  CreateCredentialBody,
  Credential,
  CredentialIdParams,
  ImportCredentialBody,
  ListCredentialsQuery,
  UpdateCredentialBody,
  SecretBody,
  Page,
  UserIdParams,
  described,
  errorResponse,
  errorResponses,
  NoContent,
} from './schemas.js'

export function credentialRoutes(app: FastifyInstance, deps: ApiDeps): void {
  const api = app.withTypeProvider<TypeBoxTypeProvider>()
  const tags = ['Credentials']

  api.post(
    '/v1/credentials',
    {
      schema: {
        tags,
        operationId: 'createCredential',
        summary: 'Create an API-key credential',
        description:
          'Stores the fields of an app that is not OAuth (an API key, basic credentials…) for a user, after ' +
          'checking them against the app (its verification request) unless `skipVerification`. OAuth apps ' +
          'connect through the modal, or POST /v1/credentials/import.',
        body: CreateCredentialBody,
        response: {
          201: described(Credential, 'The credential, created (never its secret).'),
          422: errorResponse(
            'unknown_app, oauth_app_requires_modal, invalid_credential_data (error.fields), or ' +
              'credential_verification_failed (the app refused the credential).',
          ),
          502: errorResponse('verification_unavailable: the app could not be reached to verify.'),
          ...errorResponses,
        },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await createKeyCredential(deps, actorOf(request), request.body)),
  )

  api.post(
    '/v1/credentials/import',
    {
      schema: {
        tags,
        operationId: 'importCredential',
        summary: 'Import OAuth tokens',
        description:
          'Stores OAuth tokens your product already holds for a user (a migration to Keyport); Keyport refreshes ' +
          'them from then on with the workspace’s OAuth client for the app.',
        body: ImportCredentialBody,
        response: {
          201: described(Credential, 'The credential, created (never its secret).'),
          422: errorResponse('unknown_app, or not_oauth_app: import is for OAuth apps.'),
          ...errorResponses,
        },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await importOAuthCredential(deps, actorOf(request), request.body)),
  )

  api.get(
    '/v1/users/:userId/credentials',
    {
      schema: {
        tags,
        operationId: 'listUserCredentials',
        summary: "List a user's credentials",
        description: 'Every credential of the user (of one app with `app`), never their secrets.',
        params: UserIdParams,
        querystring: ListCredentialsQuery,
        response: {
          200: described(Page(Credential), "A page of the user's credentials."),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const { app, cursor, limit } = request.query
      const metadata = metadataFilter(request.query)
      return listUserCredentials(deps, request.workspaceId, request.params.userId, {
        ...(app !== undefined ? { app } : {}),
        ...(cursor !== undefined ? { cursor } : {}),
        ...(metadata ? { metadata } : {}),
        limit: limit ?? 100,
      })
    },
  )

  api.get(
    '/v1/credentials/:credentialId',
    {
      schema: {
        tags,
        operationId: 'getCredential',
        summary: 'Get a credential',
        description: 'A credential’s metadata and status, never its secret.',
        params: CredentialIdParams,
        response: { 200: described(Credential, 'The credential.'), ...errorResponses },
      },
    },
    async (request) => getCredential(deps, request.workspaceId, request.params.credentialId),
  )

  api.patch(
    '/v1/credentials/:credentialId',
    {
      schema: {
        tags,
        operationId: 'updateCredential',
        summary: 'Update a credential',
        description:
          'Changes its name (shown to you and in the modal) and merges `metadata` key by key (null removes a key).',
        params: CredentialIdParams,
        body: UpdateCredentialBody,
        response: { 200: described(Credential, 'The credential, changed.'), ...errorResponses },
      },
    },
    async (request) =>
      updateUserCredential(deps, request.workspaceId, request.params.credentialId, request.body),
  )

  api.delete(
    '/v1/credentials/:credentialId',
    {
      schema: {
        tags,
        operationId: 'deleteCredential',
        summary: 'Delete a credential',
        description:
          'Deletes the credential and its secret; an OAuth grant is also revoked at the provider when it ' +
          'supports that (RFC 7009; at most 3 s, never blocking the delete).',
        params: CredentialIdParams,
        response: { 204: NoContent('Deleted.'), ...errorResponses },
      },
    },
    async (request, reply) => {
      const { row, secret } = await removeCredential(
        deps,
        actorOf(request),
        request.params.credentialId,
      )
      // RFC 7009 revocation after the delete committed; a slow or failing provider never blocks it (3 s at most).
      await revokeRemovedAtProviders(deps, [{ row, secret }], (err, app) =>
        request.log.warn({ err, app }, 'token revocation failed'),
      )
      return reply.code(204).send(null)
    },
  )

  api.get(
    '/v1/credentials/:credentialId/secret',
    {
      schema: {
        tags,
        operationId: 'getCredentialSecret',
        summary: "Read a credential's secret",
        description:
          'The secret fields (an access token refreshed first when it is due, an API key…), for your backend ' +
          'to call the app with. Every read is audited; the answer is never cached (Cache-Control: no-store).',
        params: CredentialIdParams,
        response: {
          200: described(SecretBody, 'The secret.'),
          409: errorResponse(
            'credential_expired: the user must reconnect (POST /v1/users/{userId}/connect-link).',
          ),
          502: errorResponse(
            'upstream_unavailable: a due refresh could not reach the provider; try again.',
          ),
          ...errorResponses,
        },
      },
    },
    async (request, reply) => {
      reply.header('cache-control', 'no-store')
      return readCredentialSecret(deps, actorOf(request), request.params.credentialId)
    },
  )
}
