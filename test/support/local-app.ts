// Private catalog apps pointing at servers on 127.0.0.1, written to a temp dir for KEYPORT_CATALOG_DIRS.
import { mkdtempSync, writeFileSync } from 'node:fs'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

export function writeCatalogDir(apps: object[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'keyport-catalog-'))
  for (const app of apps)
    writeFileSync(join(dir, `${(app as { id: string }).id}.json`), JSON.stringify(app, null, 2))
  return dir
}

export interface LocalServer {
  url: string
  requests: { method: string; url: string; headers: IncomingMessage['headers'] }[]
  close(): Promise<void>
}

export async function startLocalServer(
  handler: (req: IncomingMessage, res: ServerResponse) => void,
): Promise<LocalServer> {
  const requests: LocalServer['requests'] = []
  const server: Server = createServer((req, res) => {
    requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers })
    handler(req, res)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}
