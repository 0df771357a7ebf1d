// Private apps through KEYPORT_CATALOG_DIRS: same schema and validation as the built-in catalog, and a bad
// file stops the server before it listens, naming the file and the field.
import { spawnSync } from 'node:child_process'
import { copyFileSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BUILTIN_CATALOG_DIR, CatalogError, loadCatalog } from '../src/catalog/index.js'
import { TEST_DATABASES } from './support/databases.js'
import { startHarness, type Harness } from './support/harness.js'
import { KEYPORT_COMMAND } from './support/process.js'

const EXAMPLES = fileURLToPath(new URL('../examples/catalog', import.meta.url))
const ROOT = fileURLToPath(new URL('..', import.meta.url))

function dirWith(name: string, content: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'keyport-catalog-'))
  writeFileSync(join(dir, name), content)
  return dir
}

describe('custom catalog directories', () => {
  it('loads the documented example next to the built-in apps', () => {
    const apps = loadCatalog([BUILTIN_CATALOG_DIR, EXAMPLES])
    const acme = apps.get('acme-crm')!
    expect(acme.authType).toBe('custom')
    expect(
      acme.fields.find((f) => f.name === 'serverURL')!.regex!.test('https://crm.example.com/acme'),
    ).toBe(true)
    expect(acme.fields.find((f) => f.name === 'serverURL')!.regex!.test('http://10.0.0.5')).toBe(
      false,
    )
  })

  it('refuses a private app that reuses a built-in id, naming both files', () => {
    const dir = mkdtempSync(join(tmpdir(), 'keyport-catalog-'))
    copyFileSync(join(BUILTIN_CATALOG_DIR, 'stripe.json'), join(dir, 'stripe.json'))
    expect(() => loadCatalog([BUILTIN_CATALOG_DIR, dir])).toThrow(
      `${join(dir, 'stripe.json')}: id "stripe" is already defined by ${join(BUILTIN_CATALOG_DIR, 'stripe.json')}`,
    )
  })

  it('names the file and the field of an invalid entry', () => {
    const bad = JSON.parse(
      JSON.stringify({
        id: 'bad-app',
        name: 'Bad',
        categories: ['crm'],
        docsURL: 'http://insecure.example',
        confirmation: 'documented',
        auth: { type: 'api_key', fields: [{ name: 'apiKey', displayName: 'Key', secret: true }] },
      }),
    )
    const dir = dirWith('bad-app.json', JSON.stringify(bad))
    expect(() => loadCatalog([dir])).toThrow(CatalogError)
    expect(() => loadCatalog([dir])).toThrow(`${join(dir, 'bad-app.json')}: field /docsURL`)
  })

  it('stops `keyport serve` before listening when a catalog file is invalid', () => {
    const dir = dirWith(
      'broken.json',
      JSON.stringify({ id: 'broken', name: 'Broken', categories: ['nope'] }),
    )
    const data = mkdtempSync(join(tmpdir(), 'keyport-data-'))
    const run = spawnSync(process.execPath, [...KEYPORT_COMMAND, 'serve'], {
      cwd: ROOT,
      env: {
        ...process.env,
        KEYPORT_CATALOG_DIRS: dir,
        KEYPORT_DATA_DIR: data,
        KEYPORT_DATABASE_URL: '',
        KEYPORT_PORT: '0',
        KEYPORT_LOG_LEVEL: 'silent',
      },
      encoding: 'utf8',
      timeout: 60_000,
    })
    expect(run.status).not.toBe(0)
    const output = run.stdout + run.stderr
    expect(output).toContain(`${join(dir, 'broken.json')}: field /`)
    expect(output).not.toContain('listening')
  })
})

describe.each(TEST_DATABASES)('GET /v1/apps with a private catalog ($name)', (database) => {
  let h: Harness
  beforeAll(async () => {
    h = await startHarness(database, { catalogDirs: [EXAMPLES] })
  })
  afterAll(async () => h.close())

  it('lists, searches and filters private apps with the built-in ones', async () => {
    const all = (await h.request('GET', '/v1/apps')).json() as { data: { app: string }[] }
    expect(all.data.length).toBeGreaterThan(300)
    expect(all.data.map((a) => a.app)).toContain('acme-crm')
    const found = (
      await h.request('GET', '/v1/apps?search=acme&category=crm&authType=custom')
    ).json() as { data: { app: string }[] }
    expect(found.data.map((a) => a.app)).toEqual(['acme-crm'])
    const oauth = (await h.request('GET', '/v1/apps?authType=oauth2')).json() as {
      data: { authType: string }[]
    }
    expect(oauth.data.length).toBeGreaterThan(100)
    expect(oauth.data.every((a) => a.authType === 'oauth2')).toBe(true)
  })

  it('exposes the format check as the field pattern, for the modal', async () => {
    const detail = (await h.request('GET', '/v1/apps/acme-crm')).json() as {
      fields: { name: string; pattern: string | null }[]
    }
    const pattern = detail.fields.find((f) => f.name === 'serverURL')!.pattern!
    expect(new RegExp(`^(?:${pattern})$`).test('https://crm.example.com')).toBe(true)
  })

  it('needs an API key', async () => {
    expect((await h.request('GET', '/v1/apps?search=acme', { apiKey: null })).statusCode).toBe(401)
    expect((await h.request('GET', '/v1/apps/acme-crm', { apiKey: null })).statusCode).toBe(401)
  })
})
