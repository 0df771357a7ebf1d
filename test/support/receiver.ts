// A real HTTP receiver on 127.0.0.1 for webhook tests: records every request and answers as scripted.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { Webhook } from 'standardwebhooks'

export interface Received {
  headers: Record<string, string>
  body: string
  json: { id: string; type: string; createdAt: string; data: Record<string, unknown> }
  at: number
}

/** Decides the answer to the n-th request (0-based); default 204. May delay or hang. */
export type Script = (
  request: Received,
  n: number,
  response: ServerResponse,
) => void | Promise<void>

export interface Receiver {
  url: string
  received: Received[]
  /** Distinct webhook-id values seen. */
  ids(): Set<string>
  waitFor(predicate: (received: Received[]) => boolean, timeoutMs?: number): Promise<void>
  script(script: Script): void
  /** Verifies one request's signature with the standardwebhooks package; returns the parsed payload. */
  verify(request: Received, secret: string): unknown
  close(): Promise<void>
}

export async function startReceiver(script?: Script): Promise<Receiver> {
  const received: Received[] = []
  let current: Script = script ?? ((_r, _n, res) => void res.writeHead(204).end())
  const waiters = new Set<() => void>()
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString()
      let json: Received['json']
      try {
        json = JSON.parse(body)
      } catch {
        json = { id: '', type: '', createdAt: '', data: {} }
      }
      const headers = Object.fromEntries(
        Object.entries(req.headers).map(([k, v]) => [k, String(v)]),
      )
      const entry: Received = { headers, body, json, at: Date.now() }
      received.push(entry)
      for (const w of waiters) w()
      void Promise.resolve(current(entry, received.length - 1, res)).catch(() => res.destroy())
    })
  })
  server.keepAliveTimeout = 1000
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}/hooks`,
    received,
    ids: () => new Set(received.map((r) => r.headers['webhook-id']!)),
    script(s) {
      current = s
    },
    waitFor(predicate, timeoutMs = 20_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (predicate(received)) {
            waiters.delete(check)
            clearTimeout(timer)
            resolve()
          }
        }
        const timer = setTimeout(() => {
          waiters.delete(check)
          reject(
            new Error(
              `receiver: condition not met within ${timeoutMs} ms (${received.length} received)`,
            ),
          )
        }, timeoutMs)
        waiters.add(check)
        check()
      })
    },
    verify(request, secret) {
      return new Webhook(secret).verify(request.body, {
        'webhook-id': request.headers['webhook-id']!,
        'webhook-timestamp': request.headers['webhook-timestamp']!,
        'webhook-signature': request.headers['webhook-signature']!,
      })
    },
    close() {
      server.closeAllConnections()
      return new Promise((resolve) => server.close(() => resolve()))
    },
  }
}
