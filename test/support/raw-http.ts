// HTTP/1.1 spoken by hand over a socket, for what an HTTP client would refuse or normalise before sending:
// absolute-form targets, percent-encoded path letters, `//` and `/./`, duplicate Content-Length, broken chunking.
import { connect } from 'node:net'

export interface RawResponse {
  status: number
  headers: Record<string, string>
  body: string
  /** The bytes as received, for asserting what the server did not write. */
  raw: string
}

/** Sends `request` (every byte as given) and reads until the server closes the connection. */
export function sendRaw(port: number, request: string | Buffer): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1')
    const chunks: Buffer[] = []
    socket.setTimeout(10_000, () => socket.destroy(new Error('raw request timed out')))
    socket.on('data', (chunk) => chunks.push(chunk))
    socket.on('error', reject)
    socket.on('close', () => resolve(parseResponse(Buffer.concat(chunks).toString('latin1'))))
    socket.write(request)
  })
}

/** A GET/POST with `Connection: close`, the target written exactly as given. */
export function rawRequest(
  port: number,
  options: { method: string; target: string; headers?: Record<string, string>; body?: string },
): Promise<RawResponse> {
  const headers: Record<string, string> = {
    host: `127.0.0.1:${port}`,
    connection: 'close',
    ...(options.body !== undefined
      ? {
          'content-type': 'application/json',
          'content-length': String(Buffer.byteLength(options.body)),
        }
      : {}),
    ...options.headers,
  }
  const head = Object.entries(headers)
    .map(([name, value]) => `${name}: ${value}\r\n`)
    .join('')
  return sendRaw(
    port,
    `${options.method} ${options.target} HTTP/1.1\r\n${head}\r\n${options.body ?? ''}`,
  )
}

function parseResponse(text: string): RawResponse {
  const end = text.indexOf('\r\n\r\n')
  const head = end === -1 ? text : text.slice(0, end)
  const [statusLine = '', ...lines] = head.split('\r\n')
  const headers: Record<string, string> = {}
  for (const line of lines) {
    const colon = line.indexOf(':')
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim()
  }
  let body = end === -1 ? '' : text.slice(end + 4)
  if (headers['transfer-encoding']?.includes('chunked')) body = unchunk(body)
  return { status: Number(statusLine.split(' ')[1]) || 0, headers, body, raw: text }
}

function unchunk(body: string): string {
  let out = ''
  let rest = body
  for (;;) {
    const lineEnd = rest.indexOf('\r\n')
    const size = parseInt(rest.slice(0, lineEnd), 16)
    if (!size) return out
    out += rest.slice(lineEnd + 2, lineEnd + 2 + size)
    rest = rest.slice(lineEnd + 4 + size)
  }
}
