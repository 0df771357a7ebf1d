// /mcp: the MCP server over the Streamable HTTP transport, in stateless mode, mounted in Fastify.
//
// Stateless, with a new McpServer and transport per POST: any node answers any request (no session to pin to a
// node, nothing kept in memory, nothing to expire), which is how Keyport scales (N identical nodes). The SDK's
// stateless transport refuses to serve a second request and a server binds one transport, so neither can be
// cached; building both costs microseconds next to the database read that authenticates the token. What little
// must outlive a request — whether the client declared URL elicitation — is stored with the agent token.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js'
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js'
import { rememberAgentClient, type AgentSession } from '../agents/index.js'
import type { ApiDeps } from '../api/deps.js'
import type { GuardedContexts } from '../api/guarded-routes.js'
import { AppError } from '../errors.js'
import { agentSessionOf, installAgentTokenAuth } from './auth.js'
import { ElicitResultSchema, type ElicitationChannel } from './elicitation.js'
import { metadataRoutes } from './metadata.js'
import {
  registerCallApi,
  registerConnectionTools,
  type ToolContext,
  type ToolExtra,
} from './tools.js'

const SERVER_INFO = { name: 'keyport', version: '1.0.0' }
const INSTRUCTIONS =
  "Keyport holds this user's connections to third-party apps. list_connections shows them, describe_app tells " +
  'how to call an app, call_api calls its API with the credential injected by Keyport (never send one), and ' +
  'connect_app returns a link for the user when an app is not connected yet.'

export function buildMcpServer(deps: ApiDeps, context: ToolContext): McpServer {
  const server = new McpServer(SERVER_INFO, {
    capabilities: { tools: {} },
    instructions: INSTRUCTIONS,
  })
  const elicitationFor = (extra: ToolExtra): ElicitationChannel => ({
    supportsURL: context.session.clientElicitsUrl,
    send: (params) =>
      extra.sendRequest({ method: 'elicitation/create', params }, ElicitResultSchema),
  })
  registerConnectionTools(server, deps, context, elicitationFor)
  registerCallApi(server, deps, context)
  return server
}

/** An initialize request's declaration of URL elicitation, or null for any other message. */
function declaredURLElicitation(body: unknown): boolean | null {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return null
  const message = body as {
    method?: unknown
    params?: { capabilities?: { elicitation?: unknown } }
  }
  if (message.method !== 'initialize') return null
  const elicitation = message.params?.capabilities?.elicitation
  return typeof elicitation === 'object' && elicitation !== null && 'url' in elicitation
}

async function handlePost(
  deps: ApiDeps,
  request: FastifyRequest,
  reply: FastifyReply,
): Promise<void> {
  const session: AgentSession = agentSessionOf(request)
  const elicitsUrl = declaredURLElicitation(request.body)
  if (elicitsUrl !== null) await rememberAgentClient(deps, session, { elicitsUrl })
  const server = buildMcpServer(deps, {
    session,
    requestId: request.id,
    logError: (err, tool) => request.log.error({ err, tool }, 'MCP tool failed'),
  })
  // A response to our fire-and-forget elicitation lands on a fresh server that never sent it: not an error.
  server.server.onerror = (err) => request.log.debug({ err }, 'MCP protocol message ignored')
  const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined })
  reply.hijack()
  // Fastify's onSend hooks do not run for a hijacked reply: the headers every answer carries are set here.
  reply.raw.setHeader('x-request-id', request.id)
  reply.raw.setHeader('cache-control', 'no-store')
  reply.raw.on('close', () => {
    void transport.close()
    void server.close()
  })
  try {
    await server.connect(transport)
    await transport.handleRequest(request.raw, reply.raw, request.body)
  } catch (err) {
    request.log.error({ err }, 'MCP request failed')
    if (!reply.raw.headersSent) {
      reply.raw.writeHead(500, { 'content-type': 'application/json; charset=utf-8' })
      reply.raw.end(
        JSON.stringify({
          error: {
            code: 'internal_error',
            message: 'Something went wrong.',
            requestId: request.id,
          },
        }),
      )
    } else reply.raw.end()
  }
}

/**
 * The protected resource metadata (public) and /mcp behind agent-token authentication, in a scope of its own so
 * that the token check hangs on the routes, not on a URL prefix.
 */
export function mcpRoutes(app: FastifyInstance, deps: ApiDeps, guard: GuardedContexts): void {
  metadataRoutes(app, deps.publicURL)
  app.register(async (scope) => {
    guard.markGuarded(scope)
    installAgentTokenAuth(scope, {
      authenticate: deps.authenticateAgentToken,
      limit: deps.rateLimits.agentToken,
      publicURL: deps.publicURL,
    })
    scope.post('/mcp', { schema: { hide: true } }, (request, reply) =>
      handlePost(deps, request, reply),
    )
    // Stateless: no server-initiated stream to open (GET) and no session to end (DELETE).
    const notAllowed = async (_request: FastifyRequest, reply: FastifyReply) => {
      reply.header('allow', 'POST')
      throw new AppError('method_not_allowed', 'This MCP server is stateless: send POST requests.')
    }
    scope.get('/mcp', { schema: { hide: true } }, notAllowed)
    scope.delete('/mcp', { schema: { hide: true } }, notAllowed)
  })
}
