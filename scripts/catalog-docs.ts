// Writes docs/apps.md from the built-in catalog; with --check, exits 1 when the committed file is stale (CI).
import { readFileSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { BUILTIN_CATALOG_DIR, loadCatalog } from '../src/catalog/index.js'
import { renderAppsMarkdown } from './apps-markdown.js'

const target = fileURLToPath(new URL('../docs/apps.md', import.meta.url))
const rendered = renderAppsMarkdown(loadCatalog([BUILTIN_CATALOG_DIR]).values())

if (process.argv.includes('--check')) {
  let current = ''
  try {
    current = readFileSync(target, 'utf8')
  } catch {
    // missing: reported as stale below
  }
  if (current !== rendered) {
    console.error('docs/apps.md is not current: run `npm run catalog:docs` and commit it.')
    process.exit(1)
  }
  console.log('docs/apps.md is current.')
} else {
  writeFileSync(target, rendered)
  console.log(`wrote ${target}`)
}
