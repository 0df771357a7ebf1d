// Compares Keyport builds on the proxy scenario by CPU per proxied request, on a machine others are using: every
// build runs side by side with the bare pass-through, and each round loads all of them (one after the other, or with
// --together at the same time and the same --rate, so each sees the same contention). Reported per build: the median
// CPU µs per request, and the median over rounds of its ratio to the first build measured in the same round.
//   npm run build && npx tsx bench/proxy-ab.ts --save before      (keeps this dist/ as bench/ab/before)
//   …change…; npm run build && npx tsx bench/proxy-ab.ts --save after
//   npx tsx bench/proxy-ab.ts --rounds 10 --seconds 4 --together --rate 400 before after
import { cpSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { loadavg } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import type { LoadResult } from './load.js'
import { createBenchCredential, prepareProxyBench, runLoad, startProxyHelper } from './proxy.js'
import { launch, ROOT, type Server } from './servers.js'

const { values: args, positionals: builds } = parseArgs({
  allowPositionals: true,
  options: {
    save: { type: 'string' },
    rounds: { type: 'string', default: '8' },
    seconds: { type: 'string', default: '4' },
    connections: { type: 'string', default: '10' },
    rate: { type: 'string' },
    together: { type: 'boolean', default: false },
  },
})
const AB_DIR = join(ROOT, 'bench', 'ab')

if (args.save) {
  // dist/ reads ../catalog and ../package.json beside itself and resolves packages up the tree (ROOT/node_modules).
  const to = join(AB_DIR, args.save)
  rmSync(to, { recursive: true, force: true })
  mkdirSync(to, { recursive: true })
  cpSync(join(ROOT, 'dist'), join(to, 'dist'), { recursive: true })
  cpSync(join(ROOT, 'package.json'), join(to, 'package.json'))
  symlinkSync(join(ROOT, 'catalog'), join(to, 'catalog'))
  console.log(`saved dist/ as ${to}`)
  process.exit(0)
}
if (builds.length === 0) throw new Error('name at least one build saved with --save')

const dir = join(AB_DIR, 'run')
rmSync(dir, { recursive: true, force: true })
mkdirSync(dir, { recursive: true })
const upstreamURL = 'http://127.0.0.1:4300'
const { databaseURL, encryptionKeys, catalogDir, apiKey } = await prepareProxyBench(
  dir,
  upstreamURL,
)

interface Target {
  name: string
  server: Server
  path: string
  headers: Record<string, string>
}
const servers: Server[] = []
try {
  servers.push(await startProxyHelper(dir, 'upstream', 4300, upstreamURL))
  const passthrough = await startProxyHelper(dir, 'passthrough', 4301, upstreamURL)
  servers.push(passthrough)
  const targets: Target[] = [{ name: 'pass-through', server: passthrough, path: '', headers: {} }]
  for (const [i, name] of builds.entries()) {
    const port = 4310 + i
    // The same settings as the proxy bench's Keyport (bench/servers.ts startKeyport), one database for all.
    const server = await launch(
      name,
      port,
      join(dir, `${name}.log`),
      process.execPath,
      [join(AB_DIR, name, 'dist', 'cli.js'), 'serve'],
      {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        KEYPORT_DATABASE_URL: databaseURL,
        KEYPORT_DATABASE_POOL_SIZE: '10',
        KEYPORT_ENCRYPTION_KEYS: encryptionKeys,
        KEYPORT_PORT: String(port),
        KEYPORT_HOST: '127.0.0.1',
        KEYPORT_DATA_DIR: dir,
        KEYPORT_LOG_LEVEL: 'info',
        KEYPORT_RATE_LIMIT: '10000000',
        KEYPORT_CATALOG_DIRS: catalogDir,
        KEYPORT_TRUSTED_PRIVATE_HOSTS: '127.0.0.1',
      },
    )
    servers.push(server)
    targets.push({ name, server, path: '', headers: { authorization: `Bearer ${apiKey}` } })
  }
  const credentialId = await createBenchCredential(targets[1]!.server.url, apiKey)
  targets[0]!.path = '/v1/customers'
  for (const t of targets.slice(1)) t.path = `/v1/proxy/${credentialId}/v1/customers`

  /** One load on `t`; the CPU window is the measured part (after the warm-up). */
  const measure = async (t: Target, seconds: number) => {
    let before: number | null = null
    const result: LoadResult = await runLoad(
      dir,
      {
        urls: [t.server.url],
        method: 'GET',
        headers: t.headers,
        path: t.path,
        ids: ['x'],
        connections: Number(args.connections),
        durationSeconds: seconds,
        warmupSeconds: 0.5,
        ...(args.rate ? { overallRate: Number(args.rate) } : {}),
      },
      () => (before = t.server.cpuMs()),
    )
    if (result.non2xx || result.errors) throw new Error(`${t.name}: ${JSON.stringify(result)}`)
    const cpuMicros = (t.server.cpuMs()! - before!) * 1000
    return { ...result, micros: Math.round(cpuMicros / result.requests) }
  }
  for (const t of targets) await measure(t, 2) // warm every process up

  const seen = new Map<string, { micros: number; rps: number; p50: number }[]>(
    targets.map((t) => [t.name, []]),
  )
  for (let round = 1; round <= Number(args.rounds); round++) {
    const order = round % 2 ? targets : [...targets].reverse()
    const seconds = Number(args.seconds)
    const results = args.together
      ? await Promise.all(order.map((t) => measure(t, seconds)))
      : await order.reduce(
          async (done, t) => [...(await done), await measure(t, seconds)],
          Promise.resolve([] as Awaited<ReturnType<typeof measure>>[]),
        )
    const line = order.map((t, i) => {
      const r = results[i]!
      seen.get(t.name)!.push({ micros: r.micros, rps: r.requestsPerSecond, p50: r.p50Ms })
      return `${t.name} ${r.micros} µs ${r.requestsPerSecond} req/s`
    })
    console.log(`round ${round} (load ${loadavg()[0]!.toFixed(1)}): ${line.join(' | ')}`)
  }

  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!
  const report: Record<string, unknown> = { rounds: Number(args.rounds), together: args.together }
  const first = seen.get(builds[0]!)!
  for (const [name, rows] of seen) {
    const ratios = rows.map((r, i) => r.micros / first[i]!.micros)
    const figures = {
      cpuMicrosPerRequest: median(rows.map((r) => r.micros)),
      requestsPerSecond: median(rows.map((r) => r.rps)),
      p50Ms: median(rows.map((r) => r.p50)),
      ratioToFirstBuild: Math.round(median(ratios) * 1000) / 1000,
    }
    report[name] = figures
    console.log(
      `${name.padEnd(14)} median ${figures.cpuMicrosPerRequest} µs/request, ${figures.requestsPerSecond} req/s, p50 ${figures.p50Ms} ms; × ${builds[0]} in the same round: median ${figures.ratioToFirstBuild} [${ratios.map((r) => r.toFixed(2)).join(' ')}]`,
    )
  }
  writeFileSync(join(dir, 'result.json'), JSON.stringify(report, null, 2))
} finally {
  await Promise.all(servers.map((s) => s.stop()))
}
