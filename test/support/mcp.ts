// The MCP side of the agent tests: a listening Keyport with a private API-key app whose API is a local stand-in,
// and the SDK's own client (StreamableHTTPClientTransport) connected with an agent token.
import { Client } from '@modelcontextprotocol/sdk/client/index.js'
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js'
import {
  ElicitRequestSchema,
  type ElicitRequestURLParams,
} from '@modelcontextprotocol/sdk/types.js'
import type { IncomingMessage, ServerResponse } from 'node:http'
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

/**
 * The stand-in API: `/echo` answers the request it got (headers included, as a debugging endpoint would, so the
 * injected key comes back), `/big` 300 kB of text, `/binary` a PNG signature, anything else with the method and path.
 */
export function standInHandler(req: IncomingMessage, res: ServerResponse): void {
  const chunks: Buffer[] = []
  req.on('data', (c: Buffer) => chunks.push(c))
  req.on('end', () => {
    const url = new URL(req.url ?? '/', 'http://x')
    if (url.pathname === '/big') {
      res.setHeader('content-type', 'text/plain')
      res.end('x'.repeat(300_000))
      return
    }
    if (url.pathname === '/binary') {
      res.setHeader('content-type', 'image/png')
      res.end(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))
      return
    }
    res.statusCode = req.method === 'POST' ? 201 : 200
    res.setHeader('content-type', 'application/json')
    res.setHeader('x-ratelimit-remaining', '41')
    res.setHeader('set-cookie', 'session=abc')
    res.setHeader('x-internal', 'dropped')
    res.end(
      JSON.stringify({
        method: req.method,
        path: url.pathname,
        query: Object.fromEntries(url.searchParams),
        body: Buffer.concat(chunks).toString(),
        ...(url.pathname === '/echo' ? { headers: req.headers } : {}),
      }),
    )
  })
}

/** An OAuth app whose API is the stand-in (the default `Authorization: Bearer {accessToken}` injection). */
export function standInOAuthApp(apiURL: string): object {
  return {
    id: 'stand-in-oauth',
    name: 'Stand-in OAuth API',
    categories: ['developer-tools'],
    docsURL: 'https://example.com/docs',
    confirmation: 'unconfirmed',
    auth: {
      type: 'oauth2',
      authorizationURL: 'http://127.0.0.1:9/authorize',
      tokenURL: 'http://127.0.0.1:9/token',
      scopes: ['read'],
      pkce: 'required',
      tokenEndpointAuthMethod: 'client_secret_basic',
      refresh: { supported: true },
      unverifiable: 'a local stand-in with no userinfo endpoint',
    },
    api: { baseURL: apiURL },
  }
}

/** A key app whose API takes HTTP Basic credentials (a user name and a password the user types). */
export function standInBasicApp(apiURL: string): object {
  return {
    id: 'stand-in-basic',
    name: 'Stand-in Basic API',
    categories: ['developer-tools'],
    docsURL: 'https://example.com/docs',
    confirmation: 'unconfirmed',
    auth: {
      type: 'basic',
      fields: [
        { name: 'username', displayName: 'User', secret: false },
        { name: 'password', displayName: 'Password', secret: true },
      ],
      unverifiable: 'a local stand-in with no verification endpoint',
    },
    api: { baseURL: apiURL, basic: { username: '{username}', password: '{password}' } },
  }
}
