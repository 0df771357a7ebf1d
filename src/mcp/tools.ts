// The MCP tools an agent may call, with their fixed names and input schemas (documented in the README). Each tool
// acts for the token's one user, through the use cases in src/agents; each call is audited with the token's id and
// label, whatever its outcome. Tool results are JSON text; a refusal is a tool error ({error: {code, message}}),
// never a protocol error, so the agent can read it and adapt.
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js'
import type { RequestHandlerExtra } from '@modelcontextprotocol/sdk/shared/protocol.js'
import type {
  CallToolResult,
  ServerNotification,
  ServerRequest,
} from '@modelcontextprotocol/sdk/types.js'
import * as z from 'zod'
import {
  CALL_API_MAX_BODY_BYTES,
  HTTP_METHODS,
  activeConnections,
  callApi,
  agentAuditFields,
  createConnectLink,
  describeApp,
  listConnections,
  type AgentSession,
} from '../agents/index.js'
import type { ApiDeps } from '../api/deps.js'
import { AppError } from '../errors.js'
import { offerConnectLink, type ElicitationChannel } from './elicitation.js'

export type ToolExtra = RequestHandlerExtra<ServerRequest, ServerNotification>

export type ToolDeps = ApiDeps

export interface ToolContext {
  session: AgentSession
  requestId: string
  /** Where unexpected failures go (the request's logger); never shown to the agent. */
  logError: (error: unknown, tool: string) => void
}

const AppId = z.string().min(1).max(100).describe('An app id of the catalog, e.g. "stripe".')

export const TOOL_NAMES = ['list_connections', 'describe_app', 'connect_app', 'call_api'] as const

function json(value: unknown): CallToolResult {
  return { content: [{ type: 'text', text: JSON.stringify(value, null, 2) }] }
}

function refusal(code: string, message: string): CallToolResult {
  return {
    isError: true,
    content: [{ type: 'text', text: JSON.stringify({ error: { code, message } }) }],
  }
}

/**
 * Runs a tool body, audits the call (`mcp.<tool>`, or `mcp.<tool>.refused` / `.failed`) and turns errors into tool
 * errors: an AppError below 500 keeps its code and message; anything else says only that it failed.
 */
export async function runTool(
  deps: Pick<ToolDeps, 'activity'>,
  context: ToolContext,
  tool: string,
  target: string,
  body: () => Promise<CallToolResult>,
): Promise<CallToolResult> {
  const audit = (suffix: string) =>
    deps.activity.record({
      ...agentAuditFields(context.session, context.requestId),
      action: `mcp.${tool}${suffix}`,
      target,
    })
  try {
    const result = await body()
    audit('')
    return result
  } catch (error) {
    if (error instanceof AppError && error.statusCode < 500) {
      audit('.refused')
      return refusal(error.code, error.message)
    }
    audit('.failed')
    context.logError(error, tool)
    const code = error instanceof AppError ? error.code : 'internal_error'
    return refusal(code, `The tool failed; request id ${context.requestId}.`)
  }
}

export function registerConnectionTools(
  server: McpServer,
  deps: ToolDeps,
  context: ToolContext,
  elicitationFor: (extra: ToolExtra) => ElicitationChannel,
): void {
  const { session } = context
  server.registerTool(
    'list_connections',
    {
      title: 'List connections',
      description:
        "The user's connected apps (credentials): credentialId, app, name, status (active or expired; when " +
        'expired, expiredAt and expiryReason say when and why) and when each was last used. Never returns a secret. Pass `app` to list one app only.',
      inputSchema: z.strictObject({ app: AppId.optional() }),
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    (args) =>
      runTool(deps, context, 'list_connections', args.app ?? session.userId, async () =>
        json({ connections: await listConnections(deps, session, args.app) }),
      ),
  )

  server.registerTool(
    'describe_app',
    {
      title: 'Describe an app',
      description:
        "What an app's API is, to form call_api requests: name, auth type, the API base URL (its {placeholders} " +
        "are filled from the user's connection), API and product docs URLs, the HTTP methods this token may " +
        "send, and the user's connections of the app. Keyport injects the credential: never send one.",
      inputSchema: z.strictObject({ app: AppId }),
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    (args) =>
      runTool(deps, context, 'describe_app', args.app, async () =>
        json(await describeApp(deps, session, args.app)),
      ),
  )

  server.registerTool(
    'connect_app',
    {
      title: 'Ask the user to connect an app',
      description:
        'When the user has no working connection of an app: returns a link (valid 15 minutes) that the user opens ' +
        'to connect it in Keyport; an expired connection is reconnected in place. Give the link to the user; when ' +
        'your client supports URL elicitation, Keyport also asks it to open the link. After the user connects, ' +
        'list_connections shows the connection. With a working connection already, returns it and no link.',
      inputSchema: z.strictObject({ app: AppId }),
      annotations: { readOnlyHint: false, openWorldHint: false },
    },
    (args, extra) =>
      runTool(deps, context, 'connect_app', args.app, async () => {
        const connected = await activeConnections(deps, session, args.app)
        if (connected.length > 0)
          return json({ app: args.app, alreadyConnected: true, connections: connected, link: null })
        const link = await createConnectLink(deps, session, args.app)
        const elicited = offerConnectLink(elicitationFor(extra), link)
        return json({
          app: link.app,
          alreadyConnected: false,
          link: link.url,
          expiresAt: link.expiresAt,
          reconnects: link.credentialId,
          elicitation: elicited,
          message: 'Ask the user to open the link and connect; then call list_connections.',
        })
      }),
  )
}

export function registerCallApi(server: McpServer, deps: ToolDeps, context: ToolContext): void {
  const text = z.string().max(2000)
  server.registerTool(
    'call_api',
    {
      title: "Call an app's API",
      description:
        "Sends an HTTP request to the API of one of the user's connected apps, with their credential injected by " +
        "Keyport (never send Authorization or a key). `path` is appended to the app's API base URL (see " +
        'describe_app); name the connection by credentialId, or by app when the user has exactly one working ' +
        `connection of it. Returns status, a few headers and the body (JSON or text) cut at ${CALL_API_MAX_BODY_BYTES} ` +
        'bytes (`truncated` says so). Refused when the token does not allow the app or the method.',
      inputSchema: z.strictObject({
        credentialId: z
          .string()
          .max(100)
          .optional()
          .describe('A credentialId from list_connections.'),
        app: AppId.optional().describe(
          'Instead of credentialId: the app, when the user has one connection of it.',
        ),
        method: z.enum(HTTP_METHODS),
        path: text.describe(
          'The path after the API base URL, e.g. "/v1/customers"; no query string.',
        ),
        query: z
          .record(z.string().max(200), z.union([text, z.array(text).max(50)]))
          .optional()
          .describe('Query parameters.'),
        headers: z
          .record(z.string().max(100), text)
          .optional()
          .describe(
            'Extra request headers (not Authorization, Cookie, Host, Proxy-* or Keyport-*).',
          ),
        body: z
          .unknown()
          .optional()
          .describe('The request body: a string is sent as it is, anything else as JSON.'),
      }),
      annotations: { readOnlyHint: false, openWorldHint: true },
    },
    (args) =>
      runTool(deps, context, 'call_api', args.credentialId ?? args.app ?? '', async () =>
        json(await callApi(deps, context.session, args, context.requestId)),
      ),
  )
}
