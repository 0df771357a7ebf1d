import type { FastifyInstance } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { listAuditTrail } from '../credentials/index.js'
import type { ApiDeps } from './deps.js'
import { described, errorResponses } from './schemas.js'
import { AuditPage, ListAuditQuery } from './audit-schemas.js'

/** GET /v1/audit: who read, proxied, created, checked or deleted what, newest first. Never a secret. */
export function auditRoutes(app: FastifyInstance, deps: ApiDeps): void {
  const api = app.withTypeProvider<TypeBoxTypeProvider>()
  api.get(
    '/v1/audit',
    {
      schema: {
        tags: ['Audit'],
        operationId: 'listAuditEntries',
        summary: 'List audit log entries',
        description:
          'Who read, proxied, created, checked or deleted what, newest first, filtered by credential, user, ' +
          'action or time. Never a secret.',
        querystring: ListAuditQuery,
        response: { 200: described(AuditPage, 'A page of audit entries.'), ...errorResponses },
      },
    },
    async (request) => {
      const { limit, ...filters } = request.query
      return listAuditTrail(deps, request.workspaceId, { ...filters, limit: limit ?? 100 })
    },
  )
}
