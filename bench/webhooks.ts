// Webhook measurements (issue 4): delivery throughput to a local receiver, and expiry-to-webhook latency (from
// the commit that marks a credential expired to the signed POST arriving), with one worker as every node runs it.
//   npx tsx bench/webhooks.ts [--events 5000] [--samples 60]
// SQLite always; PostgreSQL too when KEYPORT_BENCH_DATABASE_URL (or KEYPORT_TEST_DATABASE_URL) is set.
import { randomBytes } from 'node:crypto'
import { createServer } from 'node:http'
import { parseArgs } from 'node:util'
import type { DatabaseConfig } from '../src/config.js'
import { expireCredential } from '../src/credentials/index.js'
import { parseKeyring, sealJSON } from '../src/crypto/index.js'
import { newId } from '../src/ids.js'
import { createOutboundClient } from '../src/net/index.js'
import { createMetrics } from '../src/metrics/index.js'
import { insertCredential, insertUser, migrateToLatest, openStore } from '../src/store/index.js'
import { createEndpoint, parseAllowList, recordEvent } from '../src/webhooks/index.js'
import { Worker } from '../src/worker/index.js'
import { createWorkspace } from '../src/workspaces/index.js'
import { postgresDatabase, sqliteDatabase } from '../test/support/databases.js'

const { values: args } = parseArgs({
  options: {
    events: { type: 'string', default: '5000' },
    samples: { type: 'string', default: '60' },
  },
})
const EVENTS = Number(args.events)
const SAMPLES = Number(args.samples)

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!
}

async function run(name: string, config: DatabaseConfig): Promise<void> {
  const store = openStore(config)
  const expiring = { db: store.db, metrics: createMetrics(), publicURL: 'http://127.0.0.1:3000' }
  await migrateToLatest(store)
  const keyring = parseKeyring(`b1:${randomBytes(32).toString('base64')}`)
  const { workspaceId } = await createWorkspace(store.db, 'bench')
  const arrivals = new Map<string, number>()
  let onArrival: ((id: string) => void) | null = null
  const receiver = createServer((req, res) => {
    req.resume()
    req.on('end', () => {
      const id = String(req.headers['webhook-id'])
      if (!arrivals.has(id)) arrivals.set(id, performance.now())
      onArrival?.(id)
      res.writeHead(204).end()
    })
  })
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r))
  const url = `http://127.0.0.1:${(receiver.address() as { port: number }).port}/hook`
  const allow = parseAllowList(['127.0.0.1'])
  await createEndpoint(
    { db: store.db, keyring, now: () => new Date(), webhookAllow: allow },
    workspaceId,
    { url },
  )
  const webhookClient = createOutboundClient({ trusted: ['127.0.0.1'] })
  const worker = new Worker({
    db: store.db,
    dialect: store.dialect,
    keyring,
    now: () => new Date(),
    webhookClient,
    onError: (e) => console.error(e),
  })

  // Throughput: a backlog of EVENTS, drained by one worker (32 parallel sends).
  for (let i = 0; i < EVENTS; i += 500) {
    await store.db.transaction().execute(async (trx) => {
      for (let j = i; j < Math.min(EVENTS, i + 500); j++)
        await recordEvent(trx, { workspaceId, type: 'webhook.test', data: { n: j } }, new Date())
    })
  }
  const started = performance.now()
  const done = new Promise<void>(
    (resolve) => (onArrival = () => arrivals.size >= EVENTS && resolve()),
  )
  worker.start()
  await done
  const seconds = (performance.now() - started) / 1000
  console.log(
    `${name}: ${EVENTS} deliveries in ${seconds.toFixed(2)} s = ${Math.round(EVENTS / seconds)} deliveries/s (1 worker, 32 in flight)`,
  )

  // Latency: a credential expires (its commit), the worker is idle and polling; time until the POST arrives.
  const now = new Date().toISOString()
  const userId = newId('usr')
  await insertUser(store.db, {
    id: userId,
    workspaceId,
    username: 'bench',
    email: 'b@example.com',
    fullName: null,
    createdAt: now,
    updatedAt: now,
  })
  const latencies: number[] = []
  for (let i = 0; i < SAMPLES; i++) {
    const id = newId('cred')
    const row = {
      id,
      workspaceId,
      userId,
      app: 'stripe',
      name: 'Stripe',
      type: 'api_key',
      status: 'active' as const,
      secretSealed: sealJSON(
        keyring,
        { kind: 'fields', fields: { apiKey: 'x' } },
        { workspaceId, table: 'credential', rowId: id, column: 'secret_sealed' },
      ),
      metadata: '{}',
      platformMetadata: null,
      expiresAt: null,
      refreshExpiresAt: null,
      version: 1,
      createdAt: now,
      updatedAt: now,
      lastUsedAt: null,
      lastRefreshedAt: null,
      lastCheckedAt: null,
      nextCheckAt: null,
      failureCount: 0,
      failingSince: null,
      expiredReason: null,
      expiredAt: null,
      expiringNotifiedAt: null,
    }
    await insertCredential(store.db, row)
    await new Promise((r) => setTimeout(r, 50 + Math.random() * 300)) // land anywhere in the poll cycle
    const before = arrivals.size
    const arrived = new Promise<void>(
      (resolve) => (onArrival = () => arrivals.size > before && resolve()),
    )
    const t0 = performance.now()
    await expireCredential(expiring, row, 'reported_invalid', new Date())
    const committed = performance.now()
    await arrived
    latencies.push([...arrivals.values()].at(-1)! - committed)
    void t0
  }
  latencies.sort((a, b) => a - b)
  console.log(
    `${name}: expiry → webhook latency over ${SAMPLES} expiries: p50 ${percentile(latencies, 50).toFixed(0)} ms, p95 ${percentile(latencies, 95).toFixed(0)} ms, max ${latencies.at(-1)!.toFixed(0)} ms (poll interval 250 ms)`,
  )
  await worker.stop()
  await webhookClient.close()
  receiver.closeAllConnections()
  await new Promise((r) => receiver.close(r))
  await store.close()
}

const postgresURL = process.env.KEYPORT_BENCH_DATABASE_URL ?? process.env.KEYPORT_TEST_DATABASE_URL
for (const database of [sqliteDatabase, ...(postgresURL ? [postgresDatabase(postgresURL)] : [])]) {
  const { config, drop } = await database.create()
  try {
    await run(database.name, config)
  } finally {
    await drop()
  }
}
