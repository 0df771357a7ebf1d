// Measures what the catalog costs: load time at boot (cold, in a fresh process, and warm), Catalog.list latency,
// and GET /v1/apps through Fastify (app.inject, no socket). Prints figures; asserts nothing (timing is not a test).
import { performance } from 'node:perf_hooks'

const t0 = performance.now()
const { BUILTIN_CATALOG_DIR, createCatalog, loadCatalog } = await import('../src/catalog/index.js')
const importMs = performance.now() - t0
const t1 = performance.now()
const apps = loadCatalog([BUILTIN_CATALOG_DIR])
const coldLoadMs = performance.now() - t1

const warm: number[] = []
const cpuBefore = process.cpuUsage()
for (let i = 0; i < 20; i++) {
  const s = performance.now()
  loadCatalog([BUILTIN_CATALOG_DIR])
  warm.push(performance.now() - s)
}
// CPU time is steadier than wall time on a shared machine.
const cpu = process.cpuUsage(cpuBefore)
const warmCPUms = (cpu.user + cpu.system) / 1000 / 20
const catalog = createCatalog(apps)

function stats(samples: number[]): string {
  const sorted = [...samples].sort((a, b) => a - b)
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!
  return `p50 ${fmt(at(0.5))} p99 ${fmt(at(0.99))}`
}
const fmt = (ms: number) => (ms < 1 ? `${(ms * 1000).toFixed(1)} µs` : `${ms.toFixed(2)} ms`)

function time(fn: () => unknown, n = 2000): number[] {
  const out: number[] = []
  for (let i = 0; i < n; i++) {
    const s = performance.now()
    fn()
    out.push(performance.now() - s)
  }
  return out
}

console.log(`apps: ${apps.size}`)
console.log(`catalog module import (schema compile): ${fmt(importMs)}`)
console.log(`loadCatalog cold (first, reads + validates every file): ${fmt(coldLoadMs)}`)
console.log(`loadCatalog warm: ${stats(warm)}, CPU ${fmt(warmCPUms)} per load`)
const queries = [
  ['list all', {}],
  ['search "sa" (many hits)', { search: 'sa' }],
  ['search "stripe"', { search: 'stripe' }],
  ['search miss', { search: 'zzzz' }],
  ['category=crm', { category: 'crm' }],
  ['authType=oauth2', { authType: 'oauth2' as const }],
  ['search+category+authType', { search: 'hub', category: 'crm', authType: 'oauth2' as const }],
] as const
for (const [label, query] of queries)
  console.log(`Catalog.list ${label}: ${stats(time(() => catalog.list(query)))}`)

// Through the HTTP stack (routing, auth, response schema serialisation), SQLite in memory.
const { TEST_DATABASES } = await import('../test/support/databases.js')
const { startHarness } = await import('../test/support/harness.js')
const h = await startHarness(TEST_DATABASES[0]!)
for (const url of ['/v1/apps', '/v1/apps?search=stripe', '/v1/apps?category=crm&authType=oauth2']) {
  for (let i = 0; i < 200; i++) await h.request('GET', url)
  const samples: number[] = []
  for (let i = 0; i < 1000; i++) {
    const s = performance.now()
    const res = await h.request('GET', url)
    samples.push(performance.now() - s)
    if (res.statusCode !== 200) throw new Error(`${url} answered ${res.statusCode}`)
  }
  console.log(
    `GET ${url} (inject): ${stats(samples)}, ${(await h.request('GET', url)).body.length} bytes`,
  )
}
await h.close()
