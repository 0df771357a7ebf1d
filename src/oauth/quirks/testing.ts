// For quirk tests only: a loopback HTTP server that answers like a provider, and a fetch that sends requests
// meant for the provider's https origin to it (so recipes keep their real URLs).
import { readFileSync } from 'node:fs'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { BUILTIN_CATALOG_DIR, parseAppFile, type OAuth2Recipe } from '../../catalog/index.js'
import { validateAuthorizationCode, type CodeExchangeInput } from '../code-exchange.js'
import type { TokenResult } from '../types.js'
import { quirkAfterCodeExchange } from './hooks.js'

export interface RecordedRequest {
  method: string
  host: string
  path: string
  headers: IncomingMessage['headers']
  body: string
}

export interface LocalProvider {
  requests: RecordedRequest[]
  /** A fetch that sends every request to this server, keeping path and query, and recording the intended host. */
  fetch: typeof fetch
  close(): Promise<void>
}

export type Answer = (request: RecordedRequest) => {
  status?: number
  json?: unknown
  text?: string
  type?: string
}

export async function startLocalProvider(answer: Answer): Promise<LocalProvider> {
  const requests: RecordedRequest[] = []
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      const recorded: RecordedRequest = {
        method: req.method ?? 'GET',
        host: String(req.headers['x-intended-host'] ?? ''),
        path: req.url ?? '/',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      }
      requests.push(recorded)
      const { status = 200, json, text, type } = answer(recorded)
      res.writeHead(status, {
        'content-type': type ?? (json !== undefined ? 'application/json' : 'text/plain'),
      })
      res.end(json !== undefined ? JSON.stringify(json) : (text ?? ''))
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  const localFetch = (async (input: string | URL | Request, init?: RequestInit) => {
    const target = new URL(String(input instanceof Request ? input.url : input))
    const headers = new Headers(init?.headers)
    headers.set('x-intended-host', target.host)
    return fetch(`http://127.0.0.1:${port}${target.pathname}${target.search}`, { ...init, headers })
  }) as typeof fetch
  return {
    requests,
    fetch: localFetch,
    close: () =>
      new Promise<void>((resolve, reject) => server.close((e) => (e ? reject(e) : resolve()))),
  }
}

/** The real catalog entry, so a quirk is tested with the recipe it ships with. */
export function recipeOf(id: string): OAuth2Recipe {
  const file = `${BUILTIN_CATALOG_DIR}/${id}.json`
  const app = parseAppFile(file, readFileSync(file, 'utf8'))
  if (!app.oauth) throw new Error(`${id} is not an OAuth app`)
  return app.oauth
}

/** As the flow does it: the code exchange, then the quirk's follow-up. */
export async function exchangeCodeWithQuirk(input: CodeExchangeInput): Promise<TokenResult> {
  return quirkAfterCodeExchange(input, await validateAuthorizationCode(input))
}
