import type { FastifyInstance } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { listAuditTrail } from '../credentials/index.js'
import type { ApiDeps } from './deps.js'
import { errorResponses } from './schemas.js'
import { AuditPage, ListAuditQuery } from './audit-schemas.js'

/** GET /v1/audit: who read, proxied, created, checked or deleted what, newest first. Never a secret. */
export function auditRoutes(app: FastifyInstance, deps: ApiDeps): void {
  const api = app.withTypeProvider<TypeBoxTypeProvider>()
  api.get(
    '/v1/audit',
    {
      schema: {
        tags: ['Audit'],
        summary: 'List audit log entries',
        querystring: ListAuditQuery,
        response: { 200: AuditPage, ...errorResponses },
      },
    },
    async (request) => {
      const { limit, ...filters } = request.query
      return listAuditTrail(deps, request.workspaceId, { ...filters, limit: limit ?? 100 })
    },
  )
}
