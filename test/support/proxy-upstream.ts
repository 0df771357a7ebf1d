// A stand-in provider API on loopback for the proxy tests, and private catalog apps pointing at it: one per way
// of injecting a credential (header, query, Basic, template), plus refusal cases.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { writeCatalogDir } from './local-app.js'

export interface SeenRequest {
  method: string
  url: string
  headers: IncomingMessage['headers']
  bodyBytes: number
  body: string
}

export interface Upstream {
  origin: string
  seen: SeenRequest[]
  /** Replaces the answer for paths starting with `prefix` (after /api). */
  on(
    prefix: string,
    handler: (req: IncomingMessage, res: ServerResponse, body: Buffer) => void,
  ): void
  /** Like `on`, but called as soon as the request arrives, before its body (for streaming tests). */
  onArrival(prefix: string, handler: (req: IncomingMessage, res: ServerResponse) => void): void
  close(): Promise<void>
}

export const GOOD_KEY = 'pk_canary_5d1f0c6e9b7a4e21'

/** Echoes what it received as JSON; `/api/me` checks the key like a "current account" endpoint. */
export async function startUpstream(): Promise<Upstream> {
  const seen: SeenRequest[] = []
  const handlers: [string, (req: IncomingMessage, res: ServerResponse, body: Buffer) => void][] = []
  const early: [string, (req: IncomingMessage, res: ServerResponse) => void][] = []
  const server: Server = createServer((req, res) => {
    const arrival = early.find(([prefix]) =>
      (req.url ?? '').replace(/^\/api/, '').startsWith(prefix),
    )
    if (arrival) {
      seen.push({
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        bodyBytes: 0,
        body: '',
      })
      return arrival[1](req, res)
    }
    const chunks: Buffer[] = []
    let size = 0
    req.on('data', (c: Buffer) => {
      size += c.length
      if (size < 1024 * 1024) chunks.push(c)
    })
    req.on('end', () => {
      const body = Buffer.concat(chunks)
      seen.push({
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        bodyBytes: size,
        body: body.toString('utf8'),
      })
      const path = (req.url ?? '').replace(/^\/api/, '').split('?')[0]!
      const handler = handlers.find(([prefix]) => path.startsWith(prefix))
      if (handler) return handler[1](req, res, body)
      res
        .writeHead(200, { 'content-type': 'application/json', 'x-upstream': 'yes' })
        .end(JSON.stringify({ method: req.method, url: req.url, bodyBytes: size }))
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    on: (prefix, handler) => void handlers.unshift([prefix, handler]),
    onArrival: (prefix, handler) => void early.unshift([prefix, handler]),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

const KEY_FIELD = { name: 'apiKey', displayName: 'API key', secret: true }

function app(id: string, auth: object, api: object): object {
  return {
    id,
    name: id,
    categories: ['other'],
    docsURL: 'https://example.com/docs',
    confirmation: 'unconfirmed',
    auth,
    api,
  }
}

/** The stand-in apps, all on `origin` + /api. */
export function writeProxyCatalog(origin: string): string {
  const base = `${origin}/api`
  const key = { type: 'api_key', fields: [KEY_FIELD], unverifiable: 'a stand-in' }
  return writeCatalogDir([
    app('px-header', key, { baseURL: base, headers: { 'X-Api-Key': '{apiKey}' } }),
    app('px-query', key, { baseURL: base, query: { api_key: '{apiKey}' } }),
    app('px-template', key, { baseURL: base, headers: { Authorization: 'Token token={apiKey}' } }),
    app(
      'px-basic',
      {
        type: 'basic',
        fields: [
          { name: 'username', displayName: 'User', secret: false },
          { name: 'password', displayName: 'Password', secret: true },
        ],
        unverifiable: 'a stand-in',
      },
      { baseURL: base, basic: { username: '{username}', password: '{password}' } },
    ),
    app(
      'px-verified',
      {
        type: 'api_key',
        fields: [KEY_FIELD],
        verification: { method: 'GET', url: `${base}/me`, headers: { 'X-Api-Key': '{apiKey}' } },
      },
      { baseURL: base, headers: { 'X-Api-Key': '{apiKey}' } },
    ),
    app('px-unproxyable', key, { unproxyable: 'every request is signed with the secret' }),
    app(
      'px-hosted',
      {
        type: 'custom',
        fields: [{ name: 'host', displayName: 'Host', secret: false, format: 'host' }, KEY_FIELD],
        unverifiable: 'a stand-in',
      },
      {
        baseURL: 'https://{host:raw}/api',
        hosts: ['*.allowed.example'],
        headers: { 'X-Api-Key': '{apiKey}' },
      },
    ),
    app('px-private', key, {
      baseURL: 'https://10.0.0.1/api',
      headers: { 'X-Api-Key': '{apiKey}' },
    }),
  ])
}
