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
  ErrorBody,
  ImportCredentialBody,
  ListCredentialsQuery,
  UpdateCredentialBody,
  SecretBody,
  Page,
  UserIdParams,
  errorResponses,
} from './schemas.js'

export function credentialRoutes(app: FastifyInstance, deps: ApiDeps): void {
  const api = app.withTypeProvider<TypeBoxTypeProvider>()
  const tags = ['Credentials']

  api.post(
    '/v1/credentials',
    {
      schema: {
        tags,
        body: CreateCredentialBody,
        response: { 201: Credential, 422: ErrorBody, 502: ErrorBody, ...errorResponses },
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
        body: ImportCredentialBody,
        response: { 201: Credential, 422: ErrorBody, ...errorResponses },
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
        params: UserIdParams,
        querystring: ListCredentialsQuery,
        response: { 200: Page(Credential), ...errorResponses },
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
        params: CredentialIdParams,
        response: { 200: Credential, ...errorResponses },
      },
    },
    async (request) => getCredential(deps, request.workspaceId, request.params.credentialId),
  )

  api.patch(
    '/v1/credentials/:credentialId',
    {
      schema: {
        tags,
        params: CredentialIdParams,
        body: UpdateCredentialBody,
        response: { 200: Credential, ...errorResponses },
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
        params: CredentialIdParams,
        response: { 204: Type.Null(), ...errorResponses },
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
        params: CredentialIdParams,
        response: { 200: SecretBody, 409: ErrorBody, ...errorResponses },
      },
    },
    async (request, reply) => {
      reply.header('cache-control', 'no-store')
      return readCredentialSecret(deps, actorOf(request), request.params.credentialId)
    },
  )
}
