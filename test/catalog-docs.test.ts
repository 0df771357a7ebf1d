// CI check: docs/apps.md is what `npm run catalog:docs` would write from the catalog files today.
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { renderAppsMarkdown, renderJSONSchema } from '../scripts/apps-markdown.js'
import { BUILTIN_CATALOG_DIR, loadCatalog } from '../src/catalog/index.js'

describe('docs/apps.md', () => {
  const apps = loadCatalog([BUILTIN_CATALOG_DIR])

  it('is current (run `npm run catalog:docs` after changing catalog/apps)', () => {
    const committed = readFileSync(new URL('../docs/apps.md', import.meta.url), 'utf8')
    // Compared as a whole so the failure shows which rows differ.
    expect(committed).toBe(renderAppsMarkdown(apps.values()))
  })

  it('has a current catalog/schema.json for editors', () => {
    expect(readFileSync(new URL('../catalog/schema.json', import.meta.url), 'utf8')).toBe(
      renderJSONSchema(),
    )
  })

  it('has one row per app, with its docs link and confirmation', () => {
    const rows = renderAppsMarkdown(apps.values())
      .split('\n')
      .filter((line) => line.startsWith('| ') && !line.startsWith('| App '))
    expect(rows).toHaveLength(apps.size)
    const stripe = rows.find((row) => row.includes('| `stripe` |'))!
    expect(stripe).toContain(`[docs](${apps.get('stripe')!.docsURL})`)
    expect(stripe).toMatch(/\| (documented|unconfirmed) \|$/)
  })
})
