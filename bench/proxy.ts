// The proxy bench: a provider stand-in on loopback answering a small JSON body, reached (a) directly, (b) through a
// bare undici pass-through (the ceiling: no auth, no lookup, no audit) and (c) through Keyport's proxy, each at the
// same connection count; then a 100 MB answer streamed through the proxy, sampling Keyport's RSS meanwhile.
// `npm run bench -- --only proxy` runs just this; a full `npm run bench` runs it last.
import { spawn } from 'node:child_process'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { chooseEntry } from '../bin/entry.js'
import { readConfig } from '../src/config.js'
import { createLogger, openServices } from '../src/services.js'
import { createWorkspace } from '../src/workspaces/index.js'
import type { LoadResult, LoadSpec } from './load.js'
import { launch, ROOT, startKeyport, TS_ENTRY, type Server } from './servers.js'

export interface ProxyBench {
  connections: number
  runtime: 'compiled' | 'tsx'
  direct: LoadResult
  passthrough: LoadResult & { cpuMicrosPerRequest: number | null }
  keyport: LoadResult & { cpuMicrosPerRequest: number | null }
  /** Keyport's req/s over the pass-through's. */
  throughputRatio: number
  /**
   * Keyport's CPU per request over the pass-through's, both measured in their own process: the figure least moved
   * by other work on the machine (throughput and latency are not, on 2 shared cores).
   */
  cpuRatio: number | null
  /** Keyport's p50 minus the direct p50, in ms. */
  addedP50Ms: number
  stream: StreamFigures
  /**
   * The same 100 MB through Keyport once more: what a body held or leaked would add again, where chunk buffers
   * awaiting garbage collection (freed only once V8's external-memory trigger, ~64 MB, fires) add about nothing.
   */
  streamAgain: StreamFigures
  /** The same 100 MB through the bare pass-through: how much of the growth any Node/undici relay shows. */
  streamPassthrough: StreamFigures
}

interface StreamFigures {
  megabytes: number
  seconds: number
  rssBeforeMB: number
  rssPeakMB: number
  rssGrowthMB: number
}

const UPSTREAM_PORT = 4200
const PASSTHROUGH_PORT = 4201
const KEYPORT_PORT = 4202

export async function measureProxy(options: {
  runDir: string
  connections: number
  durationSeconds: number
  warmupSeconds: number
  /** Extra node flags for Keyport (the bench's --profile). */
  nodeArgs: string[]
  log: (line: string) => void
}): Promise<ProxyBench> {
  const { runDir, log } = options
  const dir = join(runDir, 'proxy')
  mkdirSync(dir, { recursive: true })
  const upstreamURL = `http://127.0.0.1:${UPSTREAM_PORT}`
  const { databaseURL, encryptionKeys, catalogDir, apiKey } = await prepareProxyBench(
    dir,
    upstreamURL,
  )

  const helper = (role: 'upstream' | 'passthrough', port: number) =>
    startProxyHelper(dir, role, port, upstreamURL)
  const runtime = chooseEntry(pathToFileURL(`${ROOT}/`)).kind === 'compiled' ? 'compiled' : 'tsx'
  const servers: Server[] = []
  try {
    servers.push(await helper('upstream', UPSTREAM_PORT))
    const passthroughServer = await helper('passthrough', PASSTHROUGH_PORT)
    servers.push(passthroughServer)
    const keyport = await startKeyport({
      name: 'keyport-proxy',
      port: KEYPORT_PORT,
      databaseURL,
      encryptionKeys,
      dataDir: dir,
      logFile: join(dir, 'keyport.log'),
      logLevel: 'info',
      poolSize: 10,
      nodeArgs: options.nodeArgs,
      runtime,
      env: { KEYPORT_CATALOG_DIRS: catalogDir, KEYPORT_TRUSTED_PRIVATE_HOSTS: '127.0.0.1' },
    })
    servers.push(keyport)
    const credentialId = await createBenchCredential(keyport.url, apiKey)

    const load = (
      name: string,
      url: string,
      path: string,
      headers: Record<string, string> = {},
    ) => {
      log(`[proxy] ${name} @${options.connections}`)
      return runLoad(dir, {
        urls: [url],
        method: 'GET',
        headers,
        path,
        ids: ['x'],
        connections: options.connections,
        durationSeconds: options.durationSeconds,
        warmupSeconds: options.warmupSeconds,
      })
    }
    // The CPU window includes the load's warm-up: an upper bound per measured request.
    const withCpu = async (server: Server, run: () => Promise<LoadResult>) => {
      const before = server.cpuMs()
      const result = await run()
      const after = server.cpuMs()
      const cpuMicrosPerRequest =
        before === null || after === null
          ? null
          : Math.round(
              ((after - before) * 1000) /
                (result.requests * (1 + options.warmupSeconds / options.durationSeconds)),
            )
      return { ...result, cpuMicrosPerRequest }
    }
    const direct = await load('direct', `http://127.0.0.1:${UPSTREAM_PORT}`, '/v1/customers')
    const passthrough = await withCpu(passthroughServer, () =>
      load('undici pass-through', `http://127.0.0.1:${PASSTHROUGH_PORT}`, '/v1/customers'),
    )
    const proxied = await withCpu(keyport, () =>
      load('Keyport proxy', keyport.url, `/v1/proxy/${credentialId}/v1/customers`, {
        authorization: `Bearer ${apiKey}`,
      }),
    )

    log('[proxy] 100 MB streamed through the proxy')
    const stream = await streamBig(keyport, `${keyport.url}/v1/proxy/${credentialId}/big`, apiKey)
    log('[proxy] 100 MB streamed through the proxy again')
    const streamAgain = await streamBig(
      keyport,
      `${keyport.url}/v1/proxy/${credentialId}/big`,
      apiKey,
    )
    log('[proxy] 100 MB streamed through the pass-through')
    const streamPassthrough = await streamBig(
      passthroughServer,
      `${passthroughServer.url}/big`,
      apiKey,
    )
    return {
      connections: options.connections,
      runtime,
      direct,
      passthrough,
      keyport: proxied,
      throughputRatio:
        Math.round((proxied.requestsPerSecond / passthrough.requestsPerSecond) * 100) / 100,
      cpuRatio:
        proxied.cpuMicrosPerRequest === null || !passthrough.cpuMicrosPerRequest
          ? null
          : Math.round((proxied.cpuMicrosPerRequest / passthrough.cpuMicrosPerRequest) * 100) / 100,
      addedP50Ms: Math.round((proxied.p50Ms - direct.p50Ms) * 100) / 100,
      stream,
      streamAgain,
      streamPassthrough,
    }
  } finally {
    await Promise.all(servers.map((s) => s.stop()))
  }
}

/**
 * What every proxy bench needs before Keyport starts: a catalog holding one app whose API is the stand-in, a migrated
 * SQLite database and a workspace (so the bench knows its API key).
 */
export async function prepareProxyBench(
  dir: string,
  upstreamURL: string,
): Promise<{ databaseURL: string; encryptionKeys: string; catalogDir: string; apiKey: string }> {
  const catalogDir = join(dir, 'catalog')
  mkdirSync(catalogDir, { recursive: true })
  writeFileSync(
    join(catalogDir, 'bench-api.json'),
    JSON.stringify({
      id: 'bench-api',
      name: 'Bench API',
      categories: ['other'],
      docsURL: 'https://example.com/docs',
      confirmation: 'unconfirmed',
      auth: {
        type: 'api_key',
        fields: [{ name: 'apiKey', displayName: 'API key', secret: true }],
        unverifiable: 'a bench stand-in',
      },
      api: { baseURL: upstreamURL, headers: { Authorization: 'Bearer {apiKey}' } },
    }),
  )
  const databaseURL = `sqlite:${join(dir, 'keyport.db')}`
  const encryptionKeys = `bench:${Buffer.alloc(32, 7).toString('base64')}`
  const services = await openServices(
    readConfig({
      KEYPORT_DATABASE_URL: databaseURL,
      KEYPORT_ENCRYPTION_KEYS: encryptionKeys,
      KEYPORT_DATA_DIR: dir,
    }),
    createLogger({ logLevel: 'silent' }),
  )
  const { apiKey } = await createWorkspace(services.store.db, 'proxy-bench')
  await services.store.close()
  return { databaseURL, encryptionKeys, catalogDir, apiKey }
}

/** The stand-in provider or the bare pass-through (bench/proxy-servers.ts), in its own process. */
export function startProxyHelper(
  dir: string,
  role: 'upstream' | 'passthrough',
  port: number,
  upstreamURL: string,
): Promise<Server> {
  return launch(
    role,
    port,
    join(dir, `${role}.log`),
    process.execPath,
    [
      ...TS_ENTRY,
      join(ROOT, 'bench', 'proxy-servers.ts'),
      JSON.stringify({ role, port, upstream: upstreamURL }),
    ],
    { PATH: process.env.PATH, HOME: process.env.HOME },
  )
}

/** A user and an API-key credential of the bench app, made through Keyport's API at `keyportURL`. */
export async function createBenchCredential(keyportURL: string, apiKey: string): Promise<string> {
  const call = async (path: string, body: unknown) => {
    const response = await fetch(`${keyportURL}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    })
    if (response.status >= 300)
      throw new Error(`POST ${path}: ${response.status} ${await response.text()}`)
    return (await response.json()) as Record<string, string>
  }
  const { userId } = await call('/v1/users', { username: 'proxy-bench' })
  const { credentialId } = await call('/v1/credentials', {
    userId,
    app: 'bench-api',
    data: { apiKey: 'bench_key_0123456789' },
  })
  return credentialId!
}

function rssMB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)![1]) / 1024
}

/** Reads the whole answer and throws it away, sampling Keyport's resident memory every 20 ms meanwhile. */
async function streamBig(keyport: Server, url: string, apiKey: string): Promise<StreamFigures> {
  const before = rssMB(keyport.pid)
  let peak = before
  const sampler = setInterval(() => (peak = Math.max(peak, rssMB(keyport.pid))), 20)
  const started = performance.now()
  const response = await fetch(url, { headers: { authorization: `Bearer ${apiKey}` } })
  let bytes = 0
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>)
    bytes += chunk.byteLength
  const seconds = (performance.now() - started) / 1000
  clearInterval(sampler)
  peak = Math.max(peak, rssMB(keyport.pid))
  const round = (n: number) => Math.round(n * 10) / 10
  return {
    megabytes: round(bytes / 1024 / 1024),
    seconds: round(seconds),
    rssBeforeMB: round(before),
    rssPeakMB: round(peak),
    rssGrowthMB: round(peak - before),
  }
}

let loadSpecs = 0

/**
 * Runs bench/load.ts in its own process and returns its figures. `onMeasuring` is called when its warm-up has ended
 * and the measured part starts (where a CPU window begins).
 */
export async function runLoad(
  dir: string,
  spec: LoadSpec,
  onMeasuring?: () => void,
): Promise<LoadResult> {
  const file = join(dir, `load-spec-${++loadSpecs}.json`)
  writeFileSync(file, JSON.stringify(spec))
  const child = spawn(process.execPath, [...TS_ENTRY, join(ROOT, 'bench', 'load.ts'), file], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  let out = ''
  child.stdout.on('data', (chunk) => {
    const measuring = !out.includes('measuring\n')
    out += chunk
    if (measuring && out.includes('measuring\n')) onMeasuring?.()
  })
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve))
  if (code !== 0) throw new Error(`load process exited with ${code}`)
  return JSON.parse(out.trim().split('\n').pop()!) as LoadResult
}

/** The figures as a few lines for the console. */
export function describeProxyBench(r: ProxyBench): string {
  const row = (name: string, l: LoadResult) =>
    `  ${name.padEnd(22)} ${String(l.requestsPerSecond).padStart(7)} req/s   p50 ${l.p50Ms} ms   p99 ${l.p99Ms} ms   non-2xx/err ${l.non2xx}/${l.errors}`
  return [
    `proxy (${r.connections} connections, Keyport ${r.runtime}):`,
    row('(a) direct', r.direct),
    row('(b) undici pass-through', r.passthrough),
    row('(c) Keyport proxy', r.keyport),
    `  Keyport = ${Math.round(r.throughputRatio * 100)} % of (b) (target ≥ 70 %), p50 +${r.addedP50Ms} ms over (a) (target ≤ 1 ms), +${Math.round((r.keyport.p50Ms - r.passthrough.p50Ms) * 100) / 100} ms over (b)`,
    `  CPU per request: Keyport ~${r.keyport.cpuMicrosPerRequest ?? '?'} µs, (b) ~${r.passthrough.cpuMicrosPerRequest ?? '?'} µs (${r.cpuRatio ?? '?'}×)`,
    `  ${r.stream.megabytes} MB streamed in ${r.stream.seconds} s: RSS ${r.stream.rssBeforeMB} → ${r.stream.rssPeakMB} MB (+${r.stream.rssGrowthMB} MB, target < 20 MB); through (b): +${r.streamPassthrough.rssGrowthMB} MB in ${r.streamPassthrough.seconds} s`,
    `  the same 100 MB through Keyport again: RSS ${r.streamAgain.rssBeforeMB} → ${r.streamAgain.rssPeakMB} MB (+${r.streamAgain.rssGrowthMB} MB) in ${r.streamAgain.seconds} s`,
  ].join('\n')
}
