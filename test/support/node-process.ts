// Real `keyport serve` processes on the suite's database, for multi-node and kill -9 tests.
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { DatabaseConfig } from '../../src/config.js'
import { freePort } from './ports.js'
import { KEYPORT_COMMAND, ROOT } from './process.js'

export interface NodeProcess {
  url: string
  child: ChildProcess
  output(): string
  kill(signal: NodeJS.Signals): Promise<number | null>
}

// A failing test must not leave `keyport serve` processes behind: whatever is still running dies with the runner.
const running = new Set<ChildProcess>()
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL')
})

export function databaseURL(config: DatabaseConfig): string {
  return config.kind === 'sqlite' ? `sqlite:${config.file}` : config.url
}

export async function startNodeProcess(options: {
  database: DatabaseConfig
  encryptionKeys: string
  env?: Record<string, string>
}): Promise<NodeProcess> {
  const port = await freePort()
  const child = spawn(process.execPath, [...KEYPORT_COMMAND, 'serve'], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      KEYPORT_DATABASE_URL: databaseURL(options.database),
      KEYPORT_ENCRYPTION_KEYS: options.encryptionKeys,
      KEYPORT_PORT: String(port),
      KEYPORT_DATA_DIR: mkdtempSync(join(tmpdir(), 'keyport-node-')),
      KEYPORT_WEBHOOK_ALLOWED_HOSTS: '127.0.0.1',
      KEYPORT_TRUSTED_PRIVATE_HOSTS: '127.0.0.1',
      KEYPORT_LOG_LEVEL: 'warn',
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  running.add(child)
  child.once('exit', () => running.delete(child))
  let output = ''
  child.stdout!.on('data', (c) => (output += c))
  child.stderr!.on('data', (c) => (output += c))
  const url = `http://127.0.0.1:${port}`
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)))
  for (let i = 0; ; i++) {
    if (child.exitCode !== null) throw new Error(`keyport serve exited: ${output}`)
    try {
      if ((await fetch(`${url}/healthz`)).ok) break
    } catch {
      // not listening yet
    }
    if (i > 300) throw new Error(`keyport serve did not start: ${output}`)
    await new Promise((r) => setTimeout(r, 100))
  }
  return {
    url,
    child,
    output: () => output,
    async kill(signal) {
      child.kill(signal)
      return exited
    },
  }
}
