// Summarises a V8 .cpuprofile (from `npm run bench -- --profile`): self time by function and by package/file,
// so "where does a request's time go" is one command:
//   tsx bench/profile-summary.ts <file.cpuprofile> [top] [last-seconds]
// With last-seconds, only the end of the profile counts (the load window, not start-up).
import { readFileSync } from 'node:fs'

interface Node {
  id: number
  callFrame: { functionName: string; url: string; lineNumber: number }
  children?: number[]
}
interface Profile {
  nodes: Node[]
  samples: number[]
  timeDeltas: number[]
}

const profile = JSON.parse(readFileSync(process.argv[2]!, 'utf8')) as Profile
const top = Number(process.argv[3] ?? 30)
const lastMicros = Number(process.argv[4] ?? 0) * 1e6
const byId = new Map(profile.nodes.map((n) => [n.id, n]))
const self = new Map<number, number>()
const end = profile.timeDeltas.reduce((a, b) => a + b, 0)
let clock = 0
profile.samples.forEach((id, i) => {
  clock += profile.timeDeltas[i] ?? 0
  if (lastMicros && clock < end - lastMicros) return
  self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0))
})
const total = [...self.values()].reduce((a, b) => a + b, 0)

function area(url: string): string {
  if (!url) return '(native/V8)'
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url)
  if (m) return m[1]!
  if (url.startsWith('node:')) return url
  const src = /\/work\/main\/(.*)$/.exec(url)
  return src ? src[1]! : url
}

const fns = new Map<string, number>()
const areas = new Map<string, number>()
for (const [id, t] of self) {
  const n = byId.get(id)!
  const f = `${n.callFrame.functionName || '(anonymous)'}  ${area(n.callFrame.url)}:${n.callFrame.lineNumber + 1}`
  fns.set(f, (fns.get(f) ?? 0) + t)
  const a = area(n.callFrame.url)
  areas.set(a, (areas.get(a) ?? 0) + t)
}
const print = (title: string, m: Map<string, number>) => {
  console.log(`\n${title}`)
  for (const [k, t] of [...m].sort((a, b) => b[1] - a[1]).slice(0, top))
    console.log(`${((t / total) * 100).toFixed(1).padStart(5)} %  ${k}`)
}
print('self time by package / file', areas)
print('self time by function', fns)
