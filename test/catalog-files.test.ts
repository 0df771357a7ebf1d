// The built-in catalog as data: every file valid, unique, documented and drawn with an existing icon.
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { BUILTIN_CATALOG_DIR, createCatalog, loadCatalog } from '../src/catalog/index.js'
import { unimplementedQuirks } from '../src/oauth/index.js'

const apps = loadCatalog([BUILTIN_CATALOG_DIR])
const files = readdirSync(BUILTIN_CATALOG_DIR).filter((n) => n.endsWith('.json'))
const ICONS = join(dirname(createRequire(import.meta.url).resolve('simple-icons')), 'icons')

/**
 * Quirk names entries declare whose module is not written yet: those apps run as plain RFC 6749 until it is.
 * Shrink this list as modules land; a new name must come with a module or be added here on purpose.
 */
const QUIRKS_WITHOUT_MODULE = [
  'amazon-sp-api',
  'bitrix24',
  'ebay',
  'microsoft-dynamics',
  'tiktok-business',
]

describe('built-in catalog', () => {
  it('loads every file (300+ apps), each validated against the schema', () => {
    expect(apps.size).toBe(files.length)
    expect(apps.size).toBeGreaterThanOrEqual(300)
  })

  it('has no duplicate ids, and each id is its file name', () => {
    const ids = files.map(
      (name) =>
        (JSON.parse(readFileSync(join(BUILTIN_CATALOG_DIR, name), 'utf8')) as { id: string }).id,
    )
    expect(new Set(ids).size).toBe(ids.length)
    expect(ids).toEqual(files.map((n) => n.replace(/\.json$/, '')))
  })

  it('has no duplicate names', () => {
    const byName = new Map<string, string[]>()
    for (const app of apps.values())
      byName.set(app.name.toLowerCase(), [...(byName.get(app.name.toLowerCase()) ?? []), app.id])
    expect([...byName.values()].filter((ids) => ids.length > 1)).toEqual([])
  })

  it('links every entry to https documentation', () => {
    const bad = [...apps.values()]
      .filter((app) => new URL(app.docsURL).protocol !== 'https:')
      .map((a) => a.id)
    expect(bad).toEqual([])
  })

  it('gives every app a mark: a simple-icons logo or a #rrggbb brandColor for its initials tile', () => {
    const bare = [...apps.values()].filter((a) => !a.icon && !a.brandColor).map((a) => a.id)
    expect(bare).toEqual([])
  })

  it('names only icons that exist in simple-icons', () => {
    const missing = [...apps.values()]
      .filter((a) => a.icon && !existsSync(join(ICONS, `${a.icon}.svg`)))
      .map((a) => `${a.id}: ${a.icon}`)
    expect(missing).toEqual([])
  })

  it('uses https endpoints only (loopback http is for private catalogs)', () => {
    const urls = [...apps.values()].flatMap((a) => [
      a.oauth?.authorizationURL,
      a.oauth?.tokenURL,
      a.oauth?.revocationURL,
      a.verification?.url,
    ])
    expect(
      urls.filter((u) => u !== undefined && !u.startsWith('https://') && !u.startsWith('{')),
    ).toEqual([])
  })

  it('names OAuth quirks that the registry implements, apart from the listed backlog', () => {
    const named = [...apps.values()].flatMap((a) => (a.oauth?.quirks ? [a.oauth.quirks] : []))
    expect(unimplementedQuirks(named)).toEqual(
      QUIRKS_WITHOUT_MODULE.filter((q) => named.includes(q)),
    )
  })

  it('marks every entry documented or unconfirmed, and explains unconfirmed ones in notes', () => {
    const unexplained = [...apps.values()].filter((a) => {
      if (a.confirmation !== 'unconfirmed') return false
      const file = JSON.parse(readFileSync(join(BUILTIN_CATALOG_DIR, `${a.id}.json`), 'utf8')) as {
        notes?: string
      }
      return !file.notes
    })
    expect(unexplained.map((a) => a.id)).toEqual([])
  })

  it('lets key apps with a signing scheme say why they cannot be verified', () => {
    for (const app of apps.values()) {
      if (app.key?.quirks && !app.verification) expect(app.unverifiable, app.id).toBeTruthy()
    }
  })

  it('compiles every field pattern and gives every sample catalog a searchable index', () => {
    const catalog = createCatalog(apps)
    expect(catalog.list().length).toBe(apps.size)
    expect(catalog.list({ search: 'stripe' }).map((a) => a.id)).toContain('stripe')
    expect(catalog.list({ authType: 'oauth2' }).every((a) => a.isOAuth)).toBe(true)
    expect(catalog.list({ category: 'crm' }).every((a) => a.categories.includes('crm'))).toBe(true)
  })
})
