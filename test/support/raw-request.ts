// One HTTP/1.1 request written byte for byte on a socket: the request target reaches the server exactly as given
// (fetch and inject() would normalise `..`, backslashes and the like first, which is what an attacker would not do).
import { connect } from 'node:net'

export interface RawResponse {
  status: number
  headers: Record<string, string>
  body: string
}

export async function rawRequest(
  base: string,
  method: string,
  target: string,
  headers: Record<string, string>,
): Promise<RawResponse> {
  const { hostname, port } = new URL(base)
  const socket = connect(Number(port), hostname)
  const lines = [`${method} ${target} HTTP/1.1`, `host: ${hostname}:${port}`, 'connection: close']
  for (const [k, v] of Object.entries(headers)) lines.push(`${k}: ${v}`)
  socket.write(lines.join('\r\n') + '\r\n\r\n')
  const chunks: Buffer[] = []
  for await (const chunk of socket) chunks.push(chunk as Buffer)
  const text = Buffer.concat(chunks).toString('latin1')
  const [head = '', ...rest] = text.split('\r\n\r\n')
  const [statusLine = '', ...headerLines] = head.split('\r\n')
  return {
    status: Number(statusLine.split(' ')[1]),
    headers: Object.fromEntries(
      headerLines.map((line) => {
        const i = line.indexOf(':')
        return [line.slice(0, i).toLowerCase(), line.slice(i + 1).trim()]
      }),
    ),
    body: rest.join('\r\n\r\n'),
  }
}
