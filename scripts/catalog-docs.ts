// Writes docs/apps.md from the built-in catalog and catalog/schema.json (JSON Schema for editors, from the
// TypeBox schema); with --check, exits 1 when either committed file is stale (CI).
import { readFileSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { BUILTIN_CATALOG_DIR, loadCatalog } from '../src/catalog/index.js'
import { renderAppsMarkdown, renderJSONSchema } from './apps-markdown.js'

const outputs = [
  {
    path: '../docs/apps.md',
    text: renderAppsMarkdown(loadCatalog([BUILTIN_CATALOG_DIR]).values()),
  },
  { path: '../catalog/schema.json', text: renderJSONSchema() },
]

let stale = false
for (const { path, text } of outputs) {
  const target = fileURLToPath(new URL(path, import.meta.url))
  if (process.argv.includes('--check')) {
    let current = ''
    try {
      current = readFileSync(target, 'utf8')
    } catch {
      // missing: reported as stale below
    }
    if (current !== text) {
      console.error(`${target} is not current: run \`npm run catalog:docs\` and commit it.`)
      stale = true
    }
  } else {
    writeFileSync(target, text)
    console.log(`wrote ${target}`)
  }
}
if (stale) process.exit(1)
