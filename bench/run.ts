// npm run bench [-- options]: seeds, starts the servers, drives load from a separate process, prints a table and
// writes JSON to bench/results/. See docs/performance.md (or the README's Performance section) for what it measures.
//   --db sqlite|postgres|all   default: sqlite, plus postgres when KEYPORT_BENCH_DATABASE_URL is set
//   --nodes N                  scale-out mode: 1 node vs N nodes on PostgreSQL (secret read and list)
//   --duration S --warmup S    seconds per scenario (default 10 and 2)
//   --connections 10,64        connection counts
//   --only <text>              run only scenarios whose name contains <text> (the baseline always runs)
//   --fresh                    drop the bench database/schema and seed again
//   --profile                  run Keyport under node --cpu-prof (profiles in bench/results/profiles/)
//   --log-level L              Keyport's KEYPORT_LOG_LEVEL (default info, as deployed)
//   --scale F                  seed F times the default size (e.g. 0.1 for a quick run)
import { createHash } from 'node:crypto'
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { spawn } from 'node:child_process'
import pg from 'pg'
import { readConfig, type DatabaseConfig } from '../src/config.js'
import { parseKeyring } from '../src/crypto/index.js'
import { createLogger, openServices } from '../src/services.js'
import { measureCryptoCost } from './crypto-cost.js'
import type { LoadResult, LoadSpec } from './load.js'
import { describeMachine, table, writeResults, type Machine, type Row } from './report.js'
import { BASELINE, KEYPORT_SCENARIOS, SECRET_API_KEY, type Scenario } from './scenarios.js'
import { seed, type Seeded, type SeedSize } from './seed.js'
import { ROOT, TS_ENTRY, startBaseline, startKeyport, type Server } from './servers.js'
import { extraScenarios } from './extras.js'
import { describeProxyBench, measureProxy } from './proxy.js'
import {
  measureDeliveries,
  measureSweeps,
  type DeliveryRate,
  type SweepTiming,
} from './background.js'

const { values: args } = parseArgs({
  options: {
    db: { type: 'string' },
    nodes: { type: 'string', default: '1' },
    duration: { type: 'string', default: '10' },
    warmup: { type: 'string', default: '2' },
    connections: { type: 'string', default: '10,64' },
    only: { type: 'string' },
    fresh: { type: 'boolean', default: false },
    profile: { type: 'boolean', default: false },
    'log-level': { type: 'string', default: 'info' },
    scale: { type: 'string', default: '1' },
  },
})

// A fixed key for synthetic data only, so a seeded database can be reused between runs.
const BENCH_KEYS = `bench:${createHash('sha256').update('keyport bench key, synthetic data only').digest('base64')}`
const RESULTS = join(ROOT, 'bench', 'results')
const RUN_DIR = join(RESULTS, 'runs', new Date().toISOString().replace(/[:.]/g, '-'))
const PG_URL = process.env.KEYPORT_BENCH_DATABASE_URL
const nodes = Number(args.nodes)
const connections = args.connections!.split(',').map(Number)
const scale = Number(args.scale)
const log = (line: string) => process.stderr.write(line + '\n')

interface BenchDatabase {
  name: 'sqlite' | 'postgres'
  url: string
  config: DatabaseConfig
  size: SeedSize
}

async function prepareSqlite(): Promise<BenchDatabase> {
  const dir = join(ROOT, 'data', 'bench')
  const file = join(dir, 'keyport-bench.db')
  mkdirSync(dir, { recursive: true })
  if (args.fresh) for (const suffix of ['', '-wal', '-shm']) rmSync(file + suffix, { force: true })
  const size = { users: Math.round(10_000 * scale), credentials: Math.round(100_000 * scale) }
  return { name: 'sqlite', url: `sqlite:${file}`, config: { kind: 'sqlite', file }, size }
}

/** Everything lives in schema keyport_bench of the given database (created if missing), so --fresh drops only that. */
async function preparePostgres(base: string): Promise<BenchDatabase> {
  const target = new URL(base)
  if (!['127.0.0.1', 'localhost', '::1', '[::1]'].includes(target.hostname)) {
    throw new Error(
      'KEYPORT_BENCH_DATABASE_URL must point at 127.0.0.1: the bench only ever targets this machine',
    )
  }
  const dbName = target.pathname.slice(1) || 'keyport_bench'
  const admin = new pg.Client({
    connectionString: Object.assign(new URL(base), { pathname: '/postgres' }).toString(),
  })
  await admin.connect()
  const exists = await admin.query('select 1 from pg_database where datname = $1', [dbName])
  if (exists.rowCount === 0) await admin.query(`create database "${dbName.replace(/"/g, '')}"`)
  await admin.end()
  const client = new pg.Client({ connectionString: base })
  await client.connect()
  if (args.fresh) await client.query('drop schema if exists keyport_bench cascade')
  await client.query('create schema if not exists keyport_bench')
  await client.end()
  const scoped = new URL(base)
  scoped.searchParams.set('options', '-c search_path=keyport_bench')
  const url = scoped.toString()
  const size = { users: Math.round(100_000 * scale), credentials: Math.round(1_000_000 * scale) }
  return { name: 'postgres', url, config: { kind: 'postgres', url, poolSize: 10 }, size }
}

async function openBenchStore(db: BenchDatabase) {
  const config = readConfig({
    KEYPORT_DATABASE_URL: db.url,
    KEYPORT_ENCRYPTION_KEYS: BENCH_KEYS,
    KEYPORT_DATA_DIR: RUN_DIR,
  })
  return openServices(config, createLogger({ logLevel: 'silent' }))
}

async function seedDatabase(db: BenchDatabase): Promise<Seeded> {
  const { store, keyring } = await openBenchStore(db)
  try {
    log(`[${db.name}] seeding ${db.size.users} users / ${db.size.credentials} credentials`)
    const seeded = await seed(store, db.config, keyring, db.size, log)
    log(
      `[${db.name}] seed ready in ${seeded.seedSeconds.toFixed(1)} s${seeded.reused ? ' (reused)' : ''}`,
    )
    return seeded
  } finally {
    await store.close()
  }
}

type Measured = LoadResult & {
  cpuMicrosPerRequest: number | null
  machineBusyPercent: number | null
}

/** Busy and total jiffies of all cores so far (Linux /proc/stat; null elsewhere). */
function machineCPU(): { busy: number; total: number } | null {
  try {
    const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1)
    const ticks = fields.map(Number)
    const total = ticks.reduce((a, b) => a + b, 0)
    const idle = ticks[3]! + (ticks[4] ?? 0) // idle + iowait
    return { busy: total - idle, total }
  } catch {
    return null
  }
}

async function runLoad(
  scenario: Scenario,
  servers: Server[],
  seeded: Seeded,
  conns: number,
): Promise<Measured> {
  const urls = servers.map((s) => s.url)
  const ids = scenario.prepare ? await scenario.prepare(urls[0]!, seeded) : scenario.ids(seeded)
  const headers: Record<string, string> = {}
  if (scenario.target === 'keyport')
    headers.authorization = scenario.bearer === 'id' ? 'Bearer {id}' : `Bearer ${seeded.apiKey}`
  if (scenario.body) headers['content-type'] = 'application/json'
  // One request first: a scenario that answers the wrong status would otherwise measure error pages.
  const probe = await fetch(urls[0] + scenario.path.replace('{id}', ids[0]!), {
    method: scenario.method,
    headers: Object.fromEntries(
      Object.entries(headers).map(([k, v]) => [k, v.replace('{id}', ids[0]!)]),
    ),
    ...(scenario.body ? { body: scenario.body.replace('{id}', ids[0]!) } : {}),
  })
  if (probe.status !== scenario.status) {
    throw new Error(
      `${scenario.name}: expected ${scenario.status}, got ${probe.status}: ${(await probe.text()).slice(0, 300)}`,
    )
  }
  const spec: LoadSpec = {
    urls,
    method: scenario.method,
    headers,
    path: scenario.path,
    ids,
    connections: conns,
    durationSeconds: Number(args.duration),
    warmupSeconds: Number(args.warmup),
    ...(scenario.body ? { body: scenario.body } : {}),
  }
  const file = join(RUN_DIR, 'load-spec.json')
  writeFileSync(file, JSON.stringify(spec))
  const child = spawn(process.execPath, [...TS_ENTRY, join(ROOT, 'bench', 'load.ts'), file], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  // The load process prints "measuring" when the warm-up ends; server CPU is sampled from then to the end.
  const cpu = () =>
    servers.reduce<number | null>(
      (sum, s) => (sum === null || s.cpuMs() === null ? null : sum + s.cpuMs()!),
      0,
    )
  let out = ''
  let cpuAtStart: number | null = null
  let machineAtStart = null as ReturnType<typeof machineCPU>
  child.stdout.on('data', (chunk) => {
    out += chunk
    if (cpuAtStart === null && out.includes('measuring\n')) {
      cpuAtStart = cpu()
      machineAtStart = machineCPU()
    }
  })
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve))
  const cpuAtEnd = cpu()
  const machineAtEnd = machineCPU()
  if (code !== 0) throw new Error(`load process exited with ${code}`)
  const result = JSON.parse(out.trim().split('\n').pop()!) as LoadResult
  const cpuMicrosPerRequest =
    cpuAtStart === null || cpuAtEnd === null || result.requests === 0
      ? null
      : Math.round(((cpuAtEnd - cpuAtStart) * 1000) / result.requests)
  const machineBusyPercent =
    machineAtStart === null || machineAtEnd === null
      ? null
      : Math.round(
          (100 * (machineAtEnd.busy - machineAtStart.busy)) /
            (machineAtEnd.total - machineAtStart.total),
        )
  return { ...result, cpuMicrosPerRequest, machineBusyPercent }
}

function keyportOptions(db: BenchDatabase, index: number) {
  return {
    name: `keyport-${index}`,
    port: 4000 + index,
    databaseURL: db.url,
    encryptionKeys: BENCH_KEYS,
    dataDir: RUN_DIR,
    logFile: join(RUN_DIR, `${db.name}-keyport-${index}.log`),
    logLevel: args['log-level']!,
    poolSize: 10,
    nodeArgs: profileArgs(),
  }
}

function profileArgs(): string[] {
  return args.profile ? ['--cpu-prof', `--cpu-prof-dir=${join(RESULTS, 'profiles')}`] : []
}

interface DatabaseResult {
  database: string
  seed: { users: number; credentials: number; seconds: number; reused: boolean }
  rows: Row[]
  baselineDrift: Record<number, number>
  keyport: { startupMs: number[]; peakRssMB: (number | null)[] }
  sweeps: SweepTiming[]
  deliveries: DeliveryRate | null
  pending: string[]
}

async function benchDatabase(db: BenchDatabase): Promise<DatabaseResult> {
  const seeded = await seedDatabase(db)
  const rows: Row[] = []
  const wanted = (s: Scenario) => !args.only || s.name.includes(args.only)

  const baselineRuns: Record<number, Measured[]> = {}
  const runBaseline = async () => {
    const server = await startBaseline(4100, db.config, join(RUN_DIR, `${db.name}-baseline.log`))
    try {
      for (const conns of connections) {
        log(`[${db.name}] baseline @${conns}`)
        ;(baselineRuns[conns] ??= []).push(await runLoad(BASELINE, [server], seeded, conns))
      }
    } finally {
      await server.stop()
    }
  }

  const runKeyport = async (count: number, scenarios: Scenario[]) => {
    const servers: Server[] = []
    try {
      for (let i = 0; i < count; i++) servers.push(await startKeyport(keyportOptions(db, i)))
      for (const scenario of scenarios) {
        for (const conns of connections) {
          log(`[${db.name}] ${count} node(s): ${scenario.name} @${conns}`)
          const result = await runLoad(scenario, servers, seeded, conns)
          rows.push({
            database: db.name,
            nodes: count,
            scenario: scenario.name,
            connections: conns,
            ratio: null,
            ...result,
          })
        }
      }
      if (count === nodes) {
        log(`[${db.name}] ${count} node(s): webhook deliveries`)
        const { store } = await openBenchStore(db)
        try {
          deliveries = await measureDeliveries(
            store,
            servers[0]!.url,
            seeded.apiKey,
            seeded.workspaceId,
          )
        } finally {
          await store.close()
        }
      }
      return {
        startupMs: servers.map((s) => s.startupMs),
        peakRssMB: servers.map((s) => s.peakRssMB()),
      }
    } finally {
      await Promise.all(servers.map((s) => s.stop()))
    }
  }

  let deliveries: DeliveryRate | null = null
  // Baseline before and after the Keyport runs: its mean is the reference, and their gap shows how noisy it was.
  await runBaseline()
  const extra = await extraScenarios(ROOT)
  const scenarios =
    nodes > 1 ? [SECRET_API_KEY] : [...KEYPORT_SCENARIOS, ...extra.scenarios].filter(wanted)
  const keyport = await runKeyport(1, scenarios)
  if (nodes > 1) await runKeyport(nodes, scenarios)
  log(`[${db.name}] one pass of each credential sweep`)
  const services = await openBenchStore(db)
  const sweeps = await measureSweeps(services.store, services.keyring).finally(() =>
    services.store.close(),
  )
  await runBaseline()

  const baselineDrift: Record<number, number> = {}
  for (const conns of connections) {
    const runs = baselineRuns[conns]!
    const mean = Math.round(runs.reduce((sum, r) => sum + r.requestsPerSecond, 0) / runs.length)
    baselineDrift[conns] = Math.round(
      (Math.abs(runs[0]!.requestsPerSecond - runs[1]!.requestsPerSecond) / mean) * 100,
    )
    rows.unshift({
      database: db.name,
      nodes: 1,
      scenario: BASELINE.name,
      connections: conns,
      ratio: null,
      ...runs[0]!,
      requestsPerSecond: mean,
    })
    for (const row of rows)
      if (row.connections === conns && row.scenario !== BASELINE.name)
        row.ratio = row.requestsPerSecond / mean
  }
  return {
    database: db.name,
    seed: { ...db.size, seconds: Math.round(seeded.seedSeconds), reused: seeded.reused },
    rows,
    baselineDrift,
    keyport,
    sweeps,
    deliveries,
    pending: extra.pending,
  }
}

/** The proxy scenarios need no seeded database: `--only proxy` runs them alone, a full run runs them last. */
async function proxyBench(): Promise<void> {
  const result = await measureProxy({
    runDir: RUN_DIR,
    connections: connections[0] ?? 10,
    durationSeconds: Number(args.duration),
    warmupSeconds: Number(args.warmup),
    nodeArgs: profileArgs(),
    log,
  })
  console.log('\n' + describeProxyBench(result))
  console.log(`results: ${writeResults(RESULTS, 'proxy', { machine: describeMachine(), result })}`)
}

async function main(): Promise<void> {
  mkdirSync(RUN_DIR, { recursive: true })
  if (args.only === 'proxy') return proxyBench()
  const which = args.db ?? (PG_URL ? 'all' : 'sqlite')
  if (nodes > 1 && !PG_URL)
    throw new Error('--nodes needs KEYPORT_BENCH_DATABASE_URL (several nodes share one PostgreSQL)')
  const databases: BenchDatabase[] = []
  if (nodes === 1 && (which === 'sqlite' || which === 'all')) databases.push(await prepareSqlite())
  if (which === 'postgres' || which === 'all' || nodes > 1) {
    if (!PG_URL) throw new Error('--db postgres needs KEYPORT_BENCH_DATABASE_URL')
    databases.push(await preparePostgres(PG_URL))
  }
  const machine: Machine = describeMachine()
  const crypto = measureCryptoCost(parseKeyring(BENCH_KEYS))
  log(`seal ${crypto.sealMicros} µs, open ${crypto.openMicros} µs`)
  const results: DatabaseResult[] = []
  for (const db of databases) results.push(await benchDatabase(db))
  if (PG_URL)
    machine.postgres = await postgresVersion(
      databases.find((d) => d.name === 'postgres')?.url ?? PG_URL,
    )

  const rows = results.flatMap((r) => r.rows)
  console.log('\n' + table(rows) + '\n')
  for (const r of results) {
    console.log(
      `${r.database}: seed ${r.seed.users} users / ${r.seed.credentials} credentials (${r.seed.reused ? 'reused' : `${r.seed.seconds} s`}); ` +
        `start-up ${r.keyport.startupMs.join(', ')} ms; peak RSS ${r.keyport.peakRssMB.join(', ')} MB; ` +
        `baseline drift ${Object.entries(r.baselineDrift)
          .map(([c, d]) => `${d} % @${c}`)
          .join(', ')}`,
    )
    console.log(
      `  sweeps (one pass each): ${r.sweeps.map((t) => `${t.name} ${t.ms} ms / ${t.rows} rows`).join(' · ')}`,
    )
    if (r.deliveries) {
      const d = r.deliveries
      console.log(
        `  webhook deliveries: ${d.deliveries} in ${d.seconds} s = ${d.perSecond}/s to a local receiver, ${d.duplicates} duplicates`,
      )
    }
    for (const p of new Set(r.pending)) console.log(`  pending: ${p}`)
  }
  console.log(
    `seal ${crypto.sealMicros} µs · open ${crypto.openMicros} µs (one credential secret, in-process)`,
  )
  console.log(
    `machine: ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGB} GB, ${machine.os}, Node ${machine.node}${machine.postgres ? `, ${machine.postgres}` : ''}`,
  )
  const file = writeResults(RESULTS, nodes > 1 ? `nodes-${nodes}` : 'bench', {
    machine,
    crypto,
    options: args,
    results,
  })
  console.log(`results: ${file}`)
  if (!args.only) await proxyBench()
}

async function postgresVersion(url: string): Promise<string> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  const { rows } = await client.query<{ server_version: string }>('show server_version')
  await client.end()
  return `PostgreSQL ${rows[0]!.server_version}`
}

await main()
