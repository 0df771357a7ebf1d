import { once } from 'node:events'
import { lookup } from 'node:dns'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { Agent, request } from 'undici'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { guardedConnector } from './connector.js'
import {
  createOutboundClient,
  OutboundRefused,
  OutboundTooLarge,
  parseTrusted,
  redactURL,
  type OutboundClient,
} from './index.js'

// One dual-stack listener on every local address: whatever spelling reaches it, it counts the connection.
let server: Server
let port: number
let connections = 0
let requests: string[] = []

beforeAll(async () => {
  server = createServer((req, res) => {
    requests.push(req.url ?? '')
    if (req.url === '/redirect') {
      res.writeHead(302, { location: '/target' }).end()
    } else if (req.url === '/slow') {
      res.writeHead(200) // headers, then nothing: the body never ends
    } else if (req.url === '/large') {
      res.writeHead(200, { 'content-type': 'application/octet-stream' })
      res.end(Buffer.alloc(64 * 1024, 1))
    } else {
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}')
    }
  })
  server.on('connection', () => connections++)
  server.listen(0, '::')
  await once(server, 'listening')
  port = (server.address() as AddressInfo).port
})
afterAll(() => {
  server.closeAllConnections()
  server.close()
})

const clients: OutboundClient[] = []
function client(trusted: string[], extra: { maxResponseBytes?: number } = {}): OutboundClient {
  const c = createOutboundClient({ trusted, ...extra })
  clients.push(c)
  return c
}
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()))
  requests = []
})

describe('outbound client: refusals', () => {
  it.each([
    '127.0.0.1',
    '127.0.0.2',
    '127.1', // short form
    '2130706434', // decimal 127.0.0.2
    '0x7f000002', // hex
    '0x7f.0.0.1',
    '017700000001', // octal
    '0',
    '0.0.0.0',
    '[::1]',
    '[::]',
    '[::ffff:7f00:2]', // IPv4-mapped, hex
    '[::ffff:127.0.0.1]',
    '[0:0:0:0:0:ffff:7f00:1]',
    '[64:ff9b::7f00:1]', // NAT64 of loopback
    'localhost',
    'localhost.',
    'LOCALHOST',
    'api.localhost', // RFC 6761: loopback whatever the resolver says
    'metadata.google.internal',
  ])('refuses http://%s without connecting', async (host) => {
    const before = connections
    const error = await client([])
      .fetch(`http://${host}:${port}/x`)
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(OutboundRefused)
    expect((error as OutboundRefused).code).toBe('EOUTBOUNDREFUSED')
    expect(connections).toBe(before)
    expect(requests).toEqual([])
  })

  it('refuses through the dispatcher too (undici.request, for streaming callers)', async () => {
    const before = connections
    const error = await request(`http://2130706433:${port}/x`, {
      dispatcher: client([]).dispatcher,
    }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(OutboundRefused)
    expect(connections).toBe(before)
  })

  it('refuses the connected address even when the lookup was not guarded', async () => {
    // The third line of defence: remoteAddress is checked on 'connect', before a byte is written.
    const policy = parseTrusted([])
    const agent = new Agent({ connect: guardedConnector(policy, { timeoutMs: 2000, lookup }) })
    try {
      const before = connections
      const error = await request(`http://localhost:${port}/x`, { dispatcher: agent }).catch(
        (e: unknown) => e,
      )
      expect(error).toBeInstanceOf(OutboundRefused)
      expect(connections).toBe(before + 1) // the TCP handshake happened; the request did not
      expect(requests).toEqual([])
    } finally {
      await agent.close()
    }
  })

  it('trusts only what its own policy lists', async () => {
    await expect(client(['10.0.0.0/8']).fetch(`http://127.0.0.1:${port}/x`)).rejects.toThrow(
      OutboundRefused,
    )
    await expect(client(['gitlab.internal']).fetch(`http://localhost:${port}/x`)).rejects.toThrow(
      OutboundRefused,
    )
  })

  it('refuses schemes other than http and https', async () => {
    await expect(client([]).fetch('file:///etc/passwd')).rejects.toThrow(/only http/)
  })

  it('rejects invalid trusted entries', () => {
    expect(() => createOutboundClient({ trusted: ['10.0.0.0/33'] })).toThrow(/CIDR/)
    expect(() => createOutboundClient({ trusted: ['http://x/'] })).toThrow(/not a host/)
  })
})

describe('outbound client: trusted destinations', () => {
  it.each([['127.0.0.0/8'], ['127.0.0.1'], ['::ffff:127.0.0.1']])(
    'reaches 127.0.0.1 when %s is trusted',
    async (entry) => {
      const response = await client([entry]).fetch(`http://127.0.0.1:${port}/x`)
      expect(response.status).toBe(200)
      expect(await response.json()).toEqual({ ok: true })
      expect(response).toBeInstanceOf(globalThis.Response) // oauth4webapi checks the class
    },
  )

  it('reaches a trusted host name whatever it resolves to', async () => {
    const response = await client(['localhost']).fetch(`http://localhost:${port}/x`)
    expect(response.status).toBe(200)
  })

  it('reaches [::1] when ::1 is trusted', async () => {
    const response = await client(['::1']).fetch(`http://[::1]:${port}/x`)
    expect(response.status).toBe(200)
  })

  it('does not follow redirects, even when asked to', async () => {
    const response = await client(['127.0.0.1']).fetch(`http://127.0.0.1:${port}/redirect`, {
      redirect: 'follow',
    })
    expect(response.status).toBe(302)
    expect(response.headers.get('location')).toBe('/target')
    expect(requests).toEqual(['/redirect'])
  })

  it('bounds the total time of a call', async () => {
    const c = client(['127.0.0.1'])
    const slow = c.fetch(`http://127.0.0.1:${port}/slow`, { timeoutMs: 300 } as RequestInit)
    const error = await slow.then((r) => r.text()).catch((e: unknown) => e)
    expect((error as Error).name).toBe('TimeoutError')
  })

  it("honours the caller's own signal", async () => {
    const controller = new AbortController()
    const pending = client(['127.0.0.1']).fetch(`http://127.0.0.1:${port}/slow`, {
      signal: controller.signal,
    })
    const read = pending.then((r) => r.text())
    controller.abort()
    await expect(read).rejects.toThrow()
  })

  it('caps buffered reads', async () => {
    const response = await client(['127.0.0.1'], { maxResponseBytes: 1000 }).fetch(
      `http://127.0.0.1:${port}/large`,
    )
    expect(response.status).toBe(200)
    await expect(response.arrayBuffer()).rejects.toBeInstanceOf(OutboundTooLarge)
    const small = await client(['127.0.0.1'], { maxResponseBytes: 1000 }).fetch(
      `http://127.0.0.1:${port}/x`,
    )
    expect(await small.text()).toBe('{"ok":true}')
  })
})

describe('redactURL', () => {
  it('keeps scheme, host and path only', () => {
    expect(redactURL('https://user:pw@api.example.com:8443/v1/me?api_key=s3cret#frag')).toBe(
      'https://api.example.com:8443/v1/me?…',
    )
    expect(redactURL('not a url')).toBe('(invalid URL)')
  })
})
