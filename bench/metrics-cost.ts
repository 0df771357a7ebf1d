// Cost of the HTTP metrics per request, in microseconds of CPU (in-process, no network): the onResponse hook
// measured as the difference between inject() into a bare Fastify app with and without it, and the hook's own
// work (httpSeries(...).observe(...)) timed directly. CPU time, not wall time, so a busy machine skews it less.
import Fastify, { type FastifyInstance } from 'fastify'
import { installRequestMetrics } from '../src/api/request-metrics.js'
import { createMetrics } from '../src/metrics/index.js'

export interface MetricsCost {
  /** CPU µs per inject() of GET /healthz, without and with the hook (median over the rounds). */
  injectMicros: { without: number; with: number }
  /** Median over the rounds of (with − without), each round timing both back to back. */
  hookMicros: number
  /** httpSeries(route, method).observe(status, seconds) alone. */
  observeMicros: number
  rounds: number
  iterations: number
}

async function bareApp(withMetrics: boolean): Promise<FastifyInstance> {
  const app = Fastify({ logger: false })
  if (withMetrics) installRequestMetrics(app, createMetrics())
  app.get('/healthz', async () => ({ status: 'ok' }))
  await app.ready()
  return app
}

function cpuMicros(): number {
  const { user, system } = process.cpuUsage()
  return user + system
}

async function timeInjects(app: FastifyInstance, iterations: number): Promise<number> {
  const start = cpuMicros()
  for (let i = 0; i < iterations; i++) await app.inject({ method: 'GET', url: '/healthz' })
  return (cpuMicros() - start) / iterations
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)]!
}

export async function measureMetricsCost(iterations = 5_000, rounds = 21): Promise<MetricsCost> {
  const without = await bareApp(false)
  const withHook = await bareApp(true)
  await timeInjects(without, 5000) // warm the JIT
  await timeInjects(withHook, 5000)
  const plain: number[] = []
  const hooked: number[] = []
  for (let r = 0; r < rounds; r++) {
    // Alternate which goes first, so drift in machine load falls on both.
    const first = r % 2 === 0
    const a = await timeInjects(first ? without : withHook, iterations)
    const b = await timeInjects(first ? withHook : without, iterations)
    plain.push(first ? a : b)
    hooked.push(first ? b : a)
  }
  await Promise.all([without.close(), withHook.close()])

  const metrics = createMetrics()
  const route = '/v1/credentials/:credentialId/secret'
  const observe = (i: number) => metrics.httpSeries(route, 'GET').observe(200, (i % 100) / 10_000)
  for (let i = 0; i < 100_000; i++) observe(i)
  const n = 1_000_000
  const start = cpuMicros()
  for (let i = 0; i < n; i++) observe(i)
  const observeMicros = (cpuMicros() - start) / n

  return {
    injectMicros: { without: round(median(plain)), with: round(median(hooked)) },
    hookMicros: round(median(hooked.map((h, i) => h - plain[i]!))),
    observeMicros: Math.round(observeMicros * 1000) / 1000,
    rounds,
    iterations,
  }
}

const round = (n: number): number => Math.round(n * 100) / 100

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(await measureMetricsCost())
}
