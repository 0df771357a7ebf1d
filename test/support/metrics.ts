// Reads GET /metrics the way Prometheus would: the text format parsed into samples, looked up by name and labels.
import type { Harness } from './harness.js'

export interface Sample {
  name: string
  labels: Record<string, string>
  value: number
}

export function parsePrometheusText(text: string): Sample[] {
  const samples: Sample[] = []
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line)
    if (!match) throw new Error(`Not a Prometheus sample line: ${line}`)
    const labels: Record<string, string> = {}
    for (const [, key, value] of (match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g))
      labels[key!] = value!.replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c))
    samples.push({ name: match[1]!, labels, value: Number(match[3]) })
  }
  return samples
}

/** The value of the one sample with this name whose labels include `labels`; 0 when there is none yet. */
export function sampleValue(
  samples: readonly Sample[],
  name: string,
  labels: Record<string, string> = {},
): number {
  const found = samples.filter(
    (s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v),
  )
  if (found.length > 1)
    throw new Error(`${found.length} samples of ${name} match; name more labels`)
  return found[0]?.value ?? 0
}

/** Scrapes the harness's /metrics (no API key, as Prometheus does) and returns a lookup into the samples. */
export async function scrape(
  h: Pick<Harness, 'request'>,
): Promise<(name: string, labels?: Record<string, string>) => number> {
  const response = await h.request('GET', '/metrics', { apiKey: null })
  if (response.statusCode !== 200) throw new Error(`GET /metrics answered ${response.statusCode}`)
  const samples = parsePrometheusText(response.body)
  return (name, labels) => sampleValue(samples, name, labels)
}
