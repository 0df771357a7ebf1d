// `npm run lint:openapi`: writes the served OpenAPI document to a temporary file and lints it with Redocly
// (redocly.yaml: the recommended rules and a few stricter ones). `--out <file>` also keeps a copy of it.
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { buildOpenAPIDocuments } from './openapi-document.js'

const root = fileURLToPath(new URL('..', import.meta.url))
const documents = await buildOpenAPIDocuments()
const dir = mkdtempSync(join(tmpdir(), 'keyport-openapi-'))
try {
  const files = Object.entries(documents).map(([name, document]) => {
    const file = join(dir, `${name}.openapi.json`)
    writeFileSync(file, JSON.stringify(document, null, 2))
    return file
  })
  const out = process.argv.indexOf('--out')
  if (out !== -1 && process.argv[out + 1])
    writeFileSync(process.argv[out + 1]!, JSON.stringify(documents.api, null, 2))
  const lint = spawnSync(
    join(root, 'node_modules/.bin/redocly'),
    ['lint', '--config', join(root, 'redocly.yaml'), ...files],
    { stdio: 'inherit', cwd: root },
  )
  process.exitCode = lint.status ?? 1
} finally {
  rmSync(dir, { recursive: true, force: true })
}
