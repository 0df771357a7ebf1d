// The printed table, the machine description, and the JSON file under bench/results/.
import { mkdirSync, writeFileSync } from 'node:fs'
import { cpus, totalmem, release, platform } from 'node:os'
import { join } from 'node:path'
import type { LoadResult } from './load.js'

export interface Row extends LoadResult {
  database: string
  nodes: number
  scenario: string
  connections: number
  /** requests/s divided by the baseline's requests/s at the same connection count and database. */
  ratio: number | null
  /** Server CPU time per request, in µs (summed over nodes): a figure that holds even when the machine is busy. */
  cpuMicrosPerRequest: number | null
  /** How busy all cores were over the measured window (servers, database, load generator and anything else). */
  machineBusyPercent: number | null
}

export interface Machine {
  cpu: string
  cores: number
  memoryGB: number
  os: string
  node: string
  postgres?: string
  sqlite?: string
}

export function describeMachine(): Machine {
  return {
    cpu: cpus()[0]?.model.trim() ?? 'unknown',
    cores: cpus().length,
    memoryGB: Math.round(totalmem() / 2 ** 30),
    os: `${platform()} ${release()}`,
    node: process.version,
  }
}

export function table(rows: Row[]): string {
  const header = [
    'db',
    'nodes',
    'scenario',
    'conns',
    'req/s',
    'p50 ms',
    'p99 ms',
    'vs baseline',
    'CPU µs/req',
    'machine busy',
    'non-2xx/err',
  ]
  const body = rows.map((r) => [
    r.database,
    String(r.nodes),
    r.scenario,
    String(r.connections),
    String(r.requestsPerSecond),
    r.p50Ms.toFixed(2),
    r.p99Ms.toFixed(2),
    r.ratio === null ? '—' : `${Math.round(r.ratio * 100)} %`,
    r.cpuMicrosPerRequest === null ? '—' : String(r.cpuMicrosPerRequest),
    r.machineBusyPercent === null ? '—' : `${r.machineBusyPercent} %`,
    `${r.non2xx}/${r.errors}`,
  ])
  return markdown([header, ...body])
}

export function markdown(lines: string[][]): string {
  const widths = lines[0]!.map((_, i) => Math.max(...lines.map((l) => l[i]!.length)))
  const fmt = (l: string[]) => '| ' + l.map((c, i) => c.padEnd(widths[i]!)).join(' | ') + ' |'
  return [
    fmt(lines[0]!),
    '|' + widths.map((w) => '-'.repeat(w + 2)).join('|') + '|',
    ...lines.slice(1).map(fmt),
  ].join('\n')
}

export function writeResults(dir: string, label: string, results: unknown): string {
  mkdirSync(dir, { recursive: true })
  const file = join(dir, `${new Date().toISOString().replace(/[:.]/g, '-')}-${label}.json`)
  writeFileSync(file, JSON.stringify(results, null, 2) + '\n')
  return file
}
