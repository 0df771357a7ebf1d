import type { FastifyInstance } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import { checkCredential } from '../credentials/index.js'
import { actorOf } from './auth.js'
import type { ApiDeps } from './deps.js'
import { CredentialIdParams, Timestamp, described, errorResponses } from './schemas.js'
import { component } from './openapi-components.js'

const CheckResult = component(
  'CredentialCheck',
  Type.Object({
    credentialId: Type.String(),
    status: Type.Union([Type.Literal('active'), Type.Literal('expired')]),
    outcome: Type.Union(
      ['valid', 'refreshed', 'expired', 'unavailable', 'unchecked'].map((o) => Type.Literal(o)),
    ),
    reason: Type.Union([Type.String(), Type.Null()]),
    checkedAt: Timestamp,
  }),
)

const ReportInvalidBody = Type.Union([
  Type.Object(
    { reason: Type.Optional(Type.String({ maxLength: 500 })) },
    { additionalProperties: false },
  ),
  Type.Null(),
])

/** Checks on demand: POST /v1/credentials/{id}/check, and the platform reporting a credential invalid. */
export function credentialCheckRoutes(app: FastifyInstance, deps: ApiDeps): void {
  const api = app.withTypeProvider<TypeBoxTypeProvider>()
  const tags = ['Credentials']

  api.post(
    '/v1/credentials/:credentialId/check',
    {
      schema: {
        tags,
        operationId: 'checkCredential',
        summary: 'Check that a credential still works',
        description:
          'Runs the app’s verification request (or a refresh, for OAuth) now and records the outcome; a ' +
          'credential proven dead is marked expired and credential.expired is sent.',
        params: CredentialIdParams,
        response: { 200: described(CheckResult, 'What the check found.'), ...errorResponses },
      },
    },
    async (request) => checkCredential(deps, actorOf(request), request.params.credentialId),
  )

  api.post(
    '/v1/credentials/:credentialId/report-invalid',
    {
      schema: {
        tags,
        operationId: 'reportCredentialInvalid',
        summary: 'Report a credential the app refused',
        description:
          'Your integration got a 401 with this credential. Keyport tries a refresh or the app’s verification first; ' +
          'only when nothing proves it still works is it marked expired (and credential.expired sent).',
        params: CredentialIdParams,
        body: Type.Optional(ReportInvalidBody),
        response: { 200: described(CheckResult, 'What the check found.'), ...errorResponses },
      },
    },
    async (request) =>
      checkCredential(deps, actorOf(request), request.params.credentialId, { reported: true }),
  )
}
