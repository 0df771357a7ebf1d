// Compiled vs tsx: first start (spawn → /readyz answers 200, on an empty SQLite data directory, so migrations and
// the default workspace are included) and peak RSS after a light warm-up (200 authenticated requests).
// usage: npm run build && npx tsx bench/startup.ts [runs per runtime, default 3]
import { randomBytes } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { freePort } from '../test/support/ports.js'
import { startKeyport } from './servers.js'

const runs = Number(process.argv[2] ?? 3)
const results: Record<string, { startupMs: number; peakRssMB: number | null }[]> = {}

for (let i = 0; i < runs; i++) {
  for (const runtime of ['compiled', 'tsx'] as const) {
    const dataDir = mkdtempSync(join(tmpdir(), 'keyport-startup-'))
    const server = await startKeyport({
      name: runtime,
      port: await freePort(),
      databaseURL: `sqlite:${join(dataDir, 'keyport.db')}`,
      encryptionKeys: `bench:${randomBytes(32).toString('base64')}`,
      dataDir,
      logFile: join(dataDir, 'server.log'),
      logLevel: 'warn',
      poolSize: 10,
      nodeArgs: [],
      runtime,
    })
    try {
      const apiKey = readFileSync(join(dataDir, 'first-api-key'), 'utf8').match(/^kp_\S+$/m)![0]
      for (let r = 0; r < 200; r++) {
        const response = await fetch(`${server.url}/v1/apps?search=stripe`, {
          headers: { authorization: `Bearer ${apiKey}` },
        })
        await response.arrayBuffer()
      }
      ;(results[runtime] ??= []).push({
        startupMs: server.startupMs,
        peakRssMB: server.peakRssMB(),
      })
      console.log(
        `${runtime}: first start ${server.startupMs} ms, peak RSS ${server.peakRssMB()} MB`,
      )
    } finally {
      await server.stop()
      rmSync(dataDir, { recursive: true, force: true })
    }
  }
}
for (const [runtime, rows] of Object.entries(results))
  console.log(
    `${runtime}: start-up ${rows.map((r) => r.startupMs).join(', ')} ms; peak RSS ${rows.map((r) => r.peakRssMB).join(', ')} MB`,
  )
