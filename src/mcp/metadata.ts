// RFC 9728 protected resource metadata for /mcp. Agent tokens are minted by the platform's backend through the /v1
// API (POST /v1/users/{userId}/agent-tokens), not by an OAuth authorization server, so none is named: a client is
// configured with its token instead of running an authorization flow.
import type { FastifyInstance } from 'fastify'
import { PROTECTED_RESOURCE_PATH } from './auth.js'

export interface ProtectedResourceMetadata {
  resource: string
  resource_name: string
  bearer_methods_supported: string[]
  resource_documentation: string
}

export function protectedResourceMetadata(publicURL: string): ProtectedResourceMetadata {
  return {
    resource: `${publicURL}/mcp`,
    resource_name: 'Keyport MCP server',
    // RFC 6750 §2.1 only: a token in a query string or form body would end up in logs.
    bearer_methods_supported: ['header'],
    resource_documentation: `${publicURL}/docs`,
  }
}

/** Served at the root (the address the 401 names) and at the path-suffixed form of RFC 9728 §3.1. */
export function metadataRoutes(app: FastifyInstance, publicURL: string): void {
  const body = protectedResourceMetadata(publicURL)
  for (const url of [PROTECTED_RESOURCE_PATH, `${PROTECTED_RESOURCE_PATH}/mcp`])
    app.get(url, { schema: { hide: true } }, async (_request, reply) =>
      reply.header('cache-control', 'public, max-age=300').send(body),
    )
}
