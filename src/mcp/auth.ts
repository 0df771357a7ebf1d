// Bearer authentication of /mcp as an OAuth 2.0 protected resource (MCP authorization spec, RFC 6750, RFC 9728).
// Only agent tokens (at_…) are accepted here, and only here: an API key is refused at /mcp and an agent token at
// /v1, because each authenticator accepts its own prefix alone — the audience is part of the token's kind.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { AgentSession, AuthenticateAgentToken } from '../agents/index.js'
import { bearerToken } from '../api/auth.js'
import { enforceRateLimit } from '../api/rate-limit.js'
import { AppError } from '../errors.js'
import type { WindowCounter } from '../ratelimit/index.js'

declare module 'fastify' {
  interface FastifyRequest {
    agentSession: AgentSession | null
  }
}

export const PROTECTED_RESOURCE_PATH = '/.well-known/oauth-protected-resource'

/** RFC 9728 §5.1: where a client learns about this resource; RFC 6750 §3.1: no error code when none was sent. */
export function wwwAuthenticate(publicURL: string, tokenSent: boolean): string {
  const metadata = `resource_metadata="${publicURL}${PROTECTED_RESOURCE_PATH}"`
  return tokenSent
    ? `Bearer ${metadata}, error="invalid_token", error_description="The agent token is not valid, has expired or was revoked."`
    : `Bearer ${metadata}`
}

/** The session of a request that passed the scope's hook (never null past it). */
export function agentSessionOf(request: FastifyRequest): AgentSession {
  if (!request.agentSession) throw new Error('agentSessionOf called outside the /mcp scope')
  return request.agentSession
}

/**
 * Every route of `scope` needs `Authorization: Bearer at_…`. A missing, unknown, expired or revoked token gets a
 * 401 naming the resource metadata; a valid one is counted against its own request budget.
 */
export function installAgentTokenAuth(
  scope: FastifyInstance,
  options: { authenticate: AuthenticateAgentToken; limit: WindowCounter; publicURL: string },
): void {
  scope.decorateRequest('agentSession', null)
  scope.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    reply.header('cache-control', 'no-store')
    const header = request.headers.authorization
    const token = bearerToken(header)
    const session = token ? await options.authenticate(token) : null
    if (!session) {
      reply.header('www-authenticate', wwwAuthenticate(options.publicURL, header !== undefined))
      throw new AppError(
        'unauthorized',
        'Send a valid agent token as Authorization: Bearer at_… (minted by the platform).',
      )
    }
    request.agentSession = session
    enforceRateLimit(reply, options.limit, session.agentTokenId)
  })
}
