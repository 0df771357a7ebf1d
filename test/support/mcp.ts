// The MCP side of the agent tests: a listening Keyport with a private API-key app whose API is a local stand-in,
// and the SDK's own client (StreamableHTTPClientTransport) connected with an agent token.
import { Client } from '@modelcontextprotocol/sdk/client/index.js'
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js'
import {
  ElicitRequestSchema,
  type ElicitRequestURLParams,
} from '@modelcontextprotocol/sdk/types.js'
import type { Harness } from './harness.js'

/** A private catalog app whose API is `apiURL`: the key goes in `Authorization: Bearer {apiKey}`. */
export function standInApp(apiURL: string, id = 'stand-in'): object {
  return {
    id,
    name: 'Stand-in API',
    categories: ['developer-tools'],
    docsURL: 'https://example.com/docs',
    confirmation: 'unconfirmed',
    auth: {
      type: 'api_key',
      fields: [
        { name: 'apiKey', displayName: 'API key', secret: true, pattern: 'sk_[A-Za-z0-9]{8,}' },
      ],
      unverifiable: 'a local stand-in with no verification endpoint',
    },
    api: {
      baseURL: apiURL,
      headers: { Authorization: 'Bearer {apiKey}' },
      docsURL: 'https://example.com/api-docs',
    },
  }
}

export async function mintAgentToken(
  h: Pick<Harness, 'request'>,
  userId: string,
  body: Record<string, unknown> = {},
  apiKey?: string,
): Promise<{ token: string; agentTokenId: string }> {
  const response = await h.request('POST', `/v1/users/${userId}/agent-tokens`, {
    body,
    ...(apiKey ? { apiKey } : {}),
  })
  if (response.statusCode !== 201)
    throw new Error(`minting an agent token answered ${response.statusCode}: ${response.body}`)
  return response.json()
}

export interface AgentClient {
  client: Client
  /** URL elicitations the server sent (only when connected with `elicitation: true`). */
  elicitations: ElicitRequestURLParams[]
  /** Calls a tool and parses its JSON text. */
  call(
    name: string,
    args?: Record<string, unknown>,
  ): Promise<{ isError: boolean; body: any; text: string }>
  close(): Promise<void>
}

export async function connectAgent(
  base: string,
  token: string,
  options: { elicitation?: boolean } = {},
): Promise<AgentClient> {
  const client = new Client(
    { name: 'keyport-test-agent', version: '1.0.0' },
    { capabilities: options.elicitation ? { elicitation: { url: {} } } : {} },
  )
  const elicitations: ElicitRequestURLParams[] = []
  if (options.elicitation)
    client.setRequestHandler(ElicitRequestSchema, async (request) => {
      if (request.params.mode === 'url') elicitations.push(request.params)
      return { action: 'accept' }
    })
  const transport = new StreamableHTTPClientTransport(new URL(`${base}/mcp`), {
    requestInit: { headers: { authorization: `Bearer ${token}` } },
  })
  await client.connect(transport)
  return {
    client,
    elicitations,
    async call(name, args = {}) {
      const result = await client.callTool({ name, arguments: args })
      const text = (result.content as { type: string; text: string }[]).map((c) => c.text).join('')
      let body: unknown = null
      try {
        body = JSON.parse(text)
      } catch {
        body = null
      }
      return { isError: result.isError === true, body, text }
    },
    close: () => client.close(),
  }
}
