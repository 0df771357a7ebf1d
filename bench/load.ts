// The load generator, run as its own process so it does not share an event loop with the server:
//   tsx bench/load.ts <spec.json>   → prints one JSON result line on stdout.
// Each request picks a random path (or body) from the spec, so reads spread over many rows instead of one hot row.
// Latency percentiles come from every response's own float time (autocannon's histogram keeps whole ms only).
import { readFileSync } from 'node:fs'
import autocannon from 'autocannon'

export interface LoadSpec {
  urls: string[]
  method: 'GET' | 'POST'
  headers: Record<string, string>
  /** `{id}` in the path, a header or the body is replaced by a random entry of `ids` for each request. */
  path: string
  body?: string
  ids: string[]
  connections: number
  durationSeconds: number
  warmupSeconds: number
  /** Requests per second over all connections (autocannon's overallRate); as fast as answered when absent. */
  overallRate?: number
}

export interface LoadResult {
  requests: number
  requestsPerSecond: number
  p50Ms: number
  p99Ms: number
  maxMs: number
  non2xx: number
  errors: number
  timeouts: number
}

async function run(spec: LoadSpec, durationSeconds: number, record: boolean): Promise<LoadResult> {
  const latencies: number[] = []
  const templated = Object.values(spec.headers).some((v) => v.includes('{id}'))
  const pick = () => spec.ids[Math.floor(Math.random() * spec.ids.length)]!
  const instance = autocannon({
    url: spec.urls.length === 1 ? spec.urls[0]! : spec.urls,
    connections: spec.connections,
    ...(spec.overallRate ? { overallRate: spec.overallRate } : {}),
    duration: durationSeconds,
    headers: spec.headers,
    requests: [
      {
        method: spec.method,
        setupRequest: (request: Record<string, unknown>) => {
          const id = pick()
          request.path = spec.path.replace('{id}', id)
          if (templated)
            request.headers = Object.fromEntries(
              Object.entries(spec.headers).map(([k, v]) => [k, v.replace('{id}', id)]),
            )
          if (spec.body) request.body = spec.body.replace('{id}', id)
          return request
        },
      },
    ],
  })
  if (record)
    instance.on(
      'response',
      (_client: unknown, _status: number, _bytes: number, time: number) =>
        void latencies.push(time),
    )
  const result = await instance
  latencies.sort((a, b) => a - b)
  const at = (q: number) =>
    round(latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0)
  return {
    requests: result.requests.total,
    requestsPerSecond: Math.round(result.requests.total / result.duration),
    p50Ms: at(0.5),
    p99Ms: at(0.99),
    maxMs: round(latencies[latencies.length - 1] ?? 0),
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
  }
}

const round = (n: number) => Math.round(n * 100) / 100

const spec = JSON.parse(readFileSync(process.argv[2]!, 'utf8')) as LoadSpec
if (spec.warmupSeconds > 0) await run(spec, spec.warmupSeconds, false)
process.stdout.write('measuring\n')
process.stdout.write(JSON.stringify(await run(spec, spec.durationSeconds, true)) + '\n')
