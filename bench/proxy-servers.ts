// The proxy bench's two helper servers, each in its own process: `upstream` (a provider stand-in answering a small
// JSON body, or 100 MB streamed from /big) and `passthrough` (the ceiling: undici forwarding to the upstream with no
// auth, lookup or audit). Both answer /readyz.
//   node --import tsx bench/proxy-servers.ts '{"role":"upstream","port":4200}'
import { createServer } from 'node:http'
import { pipeline } from 'node:stream/promises'
import { Agent, request } from 'undici'

const { role, port, upstream } = JSON.parse(process.argv[2]!) as {
  role: 'upstream' | 'passthrough'
  port: number
  upstream?: string
}

const SMALL = JSON.stringify({
  object: 'list',
  data: [{ id: 'cus_123', email: 'ann@example.com' }],
})
const CHUNK = Buffer.alloc(64 * 1024, 120)

const upstreamHandler: Parameters<typeof createServer>[1] = (req, res) => {
  if (req.url === '/big') {
    const total = 100 * 1024 * 1024
    res.writeHead(200, {
      'content-type': 'application/octet-stream',
      'content-length': String(total),
    })
    let sent = 0
    const write = () => {
      while (sent < total) {
        sent += CHUNK.length
        if (!res.write(CHUNK)) return void res.once('drain', write)
      }
      res.end()
    }
    return write()
  }
  res.writeHead(200, { 'content-type': 'application/json' }).end(SMALL)
}

const agent = new Agent({ connections: 64 })
const passthroughHandler: Parameters<typeof createServer>[1] = async (req, res) => {
  if (req.url === '/readyz') return void res.writeHead(200).end('ok')
  try {
    const answer = await request(`${upstream}${req.url}`, {
      method: req.method as 'GET',
      headers: { accept: req.headers.accept ?? '*/*' },
      dispatcher: agent,
    })
    res.writeHead(answer.statusCode, answer.headers as Record<string, string>)
    await pipeline(answer.body, res)
  } catch {
    res.destroy()
  }
}

createServer(role === 'upstream' ? upstreamHandler : passthroughHandler).listen(port, '127.0.0.1')
