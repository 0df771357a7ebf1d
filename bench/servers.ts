// Starts and stops the processes under test: Keyport nodes (`keyport serve`, exactly as deployed) and the baseline
// server. Measures start-up time (spawn → /readyz answers 200) and reads peak RSS (VmHWM) before stopping.
import { spawn, type ChildProcess } from 'node:child_process'
import { openSync, readFileSync, closeSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { chooseEntry } from '../bin/entry.js'
import type { DatabaseConfig } from '../src/config.js'

export const ROOT = join(import.meta.dirname, '..')
/** Runs a TypeScript entry in one plain node process (the tsx CLI would add a wrapper process). */
export const TS_ENTRY = ['--import', 'tsx']

export interface Server {
  name: string
  url: string
  pid: number
  startupMs: number
  /** Peak resident set size so far, in MB (Linux /proc; null elsewhere). */
  peakRssMB(): number | null
  /** CPU time (user + system) the process has used so far, in ms (Linux /proc; null elsewhere). */
  cpuMs(): number | null
  stop(): Promise<void>
}

export interface KeyportOptions {
  name: string
  port: number
  databaseURL: string
  encryptionKeys: string
  dataDir: string
  logFile: string
  logLevel: string
  poolSize: number
  /** Extra node flags, e.g. --cpu-prof. */
  nodeArgs: string[]
  /** The compiled build, as deployed (the default), or the sources through tsx (for comparison). */
  runtime?: 'compiled' | 'tsx'
  /** More settings (the proxy bench: its catalog dir and trusted loopback). */
  env?: Record<string, string>
}

/** `node` arguments that run `keyport`: dist/cli.js, refused when it is older than the sources it was built from. */
export function keyportCommand(runtime: 'compiled' | 'tsx'): string[] {
  if (runtime === 'tsx') return [...TS_ENTRY, join(ROOT, 'src', 'cli.ts')]
  const entry = chooseEntry(pathToFileURL(`${ROOT}/`))
  if (entry.kind !== 'compiled') throw new Error(`${entry.reason}: run \`npm run build\` first`)
  return [join(ROOT, 'dist', 'cli.js')]
}

export async function startKeyport(options: KeyportOptions): Promise<Server> {
  const env = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    KEYPORT_DATABASE_URL: options.databaseURL,
    KEYPORT_DATABASE_POOL_SIZE: String(options.poolSize),
    KEYPORT_ENCRYPTION_KEYS: options.encryptionKeys,
    KEYPORT_PORT: String(options.port),
    KEYPORT_HOST: '127.0.0.1',
    KEYPORT_DATA_DIR: options.dataDir,
    KEYPORT_LOG_LEVEL: options.logLevel,
    KEYPORT_WEBHOOK_ALLOWED_HOSTS: '127.0.0.1', // the bench's own receiver
    // Limits on, so each request pays the check, but far above what the bench sends (one workspace at thousands of
    // req/s; ~17 req/s per connect token, near the 20/s default): it measures the check's cost, not refusals.
    KEYPORT_RATE_LIMIT: '10000000',
    KEYPORT_CONNECT_RATE_LIMIT: '10000000',
    ...options.env,
  }
  return launch(
    options.name,
    options.port,
    options.logFile,
    process.execPath,
    [...options.nodeArgs, ...keyportCommand(options.runtime ?? 'compiled'), 'serve'],
    env,
  )
}

export async function startBaseline(
  port: number,
  database: DatabaseConfig,
  logFile: string,
): Promise<Server> {
  return launch(
    'baseline',
    port,
    logFile,
    process.execPath,
    [...TS_ENTRY, join(ROOT, 'bench', 'baseline.ts'), JSON.stringify({ database, port })],
    {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
    },
  )
}

export async function launch(
  name: string,
  port: number,
  logFile: string,
  command: string,
  args: string[],
  env: Record<string, string | undefined>,
): Promise<Server> {
  const log = openSync(logFile, 'w')
  const started = performance.now()
  const child = spawn(command, args, { cwd: ROOT, env, stdio: ['ignore', log, log] })
  closeSync(log)
  const url = `http://127.0.0.1:${port}`
  await waitReady(child, url, logFile, name)
  const startupMs = Math.round(performance.now() - started)
  const pid = child.pid!
  return {
    name,
    url,
    pid,
    startupMs,
    peakRssMB: () => peakRss(pid),
    cpuMs: () => cpuMs(pid),
    async stop() {
      if (child.exitCode !== null) return
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
      child.kill('SIGTERM')
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000)
      await exited
      clearTimeout(timer)
    },
  }
}

async function waitReady(
  child: ChildProcess,
  url: string,
  logFile: string,
  name: string,
): Promise<void> {
  const deadline = Date.now() + 60_000
  while (Date.now() < deadline) {
    if (child.exitCode !== null)
      throw new Error(`${name} exited with code ${child.exitCode}; see ${logFile}`)
    try {
      const response = await fetch(`${url}/readyz`)
      if (response.status === 200) return
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 25))
  }
  child.kill('SIGKILL')
  throw new Error(`${name} did not become ready within 60 s; see ${logFile}`)
}

function peakRss(pid: number): number | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8')
    const match = /VmHWM:\s+(\d+) kB/.exec(status)
    return match ? Math.round(Number(match[1]) / 1024) : null
  } catch {
    return null
  }
}

/** utime + stime from /proc/<pid>/stat (fields 14 and 15, in clock ticks of 10 ms). */
function cpuMs(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    return (Number(fields[11]) + Number(fields[12])) * 10
  } catch {
    return null
  }
}
