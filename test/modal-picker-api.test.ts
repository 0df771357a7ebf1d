// What the modal offers and how it looks, through the HTTP API: OAuth apps without this workspace's client are left
// out of the picker (another workspace's client does not count) but still open by id; every app has a mark
// (/connect/marks/{app}.svg) and hostile names get 404; the page's language comes from ?locale= or Accept-Language
// and never echoes what it was given.
import { rmSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { TEST_DATABASES } from './support/databases.js'
import { startHarness, type Harness } from './support/harness.js'
import { writeTestCatalog } from './support/oidc-provider.js'

describe.each(TEST_DATABASES)('modal picker, marks and languages on $name', (database) => {
  let h: Harness
  let dir: string
  let userId: string

  beforeAll(async () => {
    dir = writeTestCatalog('http://127.0.0.1:9')
    h = await startHarness(database, { catalogDirs: [dir] })
    userId = (await h.request('POST', '/v1/users', { body: { username: 'picker-user' } })).json()
      .userId
  })
  afterAll(async () => {
    await h?.close()
    rmSync(dir, { recursive: true, force: true })
  })

  const mint = async (body: unknown = {}): Promise<string> =>
    (await h.request('POST', `/v1/users/${userId}/token`, { body })).json().token
  const modal = (url: string, token: string) =>
    h.request('GET', `/connect/api${url}`, {
      apiKey: null,
      headers: { authorization: `Bearer ${token}` },
    })
  const pickerIds = async (token: string, search = 'Test') =>
    (
      (await modal(`/apps?search=${encodeURIComponent(search)}`, token)).json().data as {
        app: string
      }[]
    ).map((a) => a.app)
  const setClient = (apiKey: string) =>
    h.request('PUT', '/v1/apps/test-oidc/oauth-client', {
      apiKey,
      body: { clientId: 'client', clientSecret: 'secret' },
    })

  it('hides OAuth apps this workspace has no client for; another workspace’s client does not count', async () => {
    const token = await mint()
    expect(await pickerIds(token)).toEqual(['test-key'])
    // No OAuth app of the built-in catalog is offered either: none has a client here.
    const all = (await modal('/apps', token)).json()
    expect(all.data.every((a: { isOauth: boolean }) => !a.isOauth)).toBe(true)
    expect(all.total).toBeGreaterThan(all.data.length)

    expect((await setClient(h.otherApiKey)).statusCode).toBe(200)
    expect(await pickerIds(token)).toEqual(['test-key'])

    expect((await setClient(h.apiKey)).statusCode).toBe(200)
    expect(await pickerIds(token)).toEqual(['test-key', 'test-oidc'])
    expect((await h.request('DELETE', '/v1/apps/test-oidc/oauth-client')).statusCode).toBe(204)
    expect(await pickerIds(token)).toEqual(['test-key'])
  })

  it('an unconfigured OAuth app still opens by id (the modal says why it cannot connect); the allow-list still holds', async () => {
    const token = await mint({ apps: ['test-oidc', 'test-key'] })
    expect(await pickerIds(token)).toEqual(['test-key'])
    const detail = await modal('/apps/test-oidc', token)
    expect(detail.statusCode).toBe(200)
    expect(detail.json()).toMatchObject({
      app: 'test-oidc',
      isOauth: true,
      oauthClientConfigured: false,
      mark: '/connect/marks/test-oidc.svg',
    })
    const narrow = await mint({ apps: ['test-key'] })
    expect(await pickerIds(narrow, '')).toEqual(['test-key'])
    expect((await modal('/apps/test-oidc', narrow)).json().error.code).toBe('app_not_allowed')
  })

  it('serves a mark for every app: the simple-icons glyph on its colour, or initials on brandColor', async () => {
    const stripe = await h.request('GET', '/connect/marks/stripe.svg', { apiKey: null })
    expect(stripe.statusCode).toBe(200)
    expect(stripe.headers['content-type']).toMatch(/^image\/svg\+xml/)
    expect(stripe.headers['content-security-policy']).toMatch(/default-src 'none'/)
    expect(stripe.body).toMatch(/^<svg [^>]*><rect [^>]*fill="#635bff"\/><path /)
    const slack = await h.request('GET', '/connect/marks/slack.svg', { apiKey: null })
    expect(slack.body).toContain('fill="#4a154b"')
    expect(slack.body).toMatch(/<text [^>]*>S<\/text>/)
    const custom = await h.request('GET', '/connect/marks/test-key.svg', { apiKey: null })
    expect(custom.body).toMatch(/<text [^>]*>TK<\/text>/)
    for (const name of [
      'no-such-app.svg',
      'stripe',
      'stripe.png',
      'Stripe.svg',
      '..%2Fpackage.json',
      '%2e%2e%2fstripe.svg',
      'stripe.svg%00.png',
      `${'a'.repeat(80)}.svg`,
    ]) {
      const response = await h.request('GET', `/connect/marks/${name}`, { apiKey: null })
      expect(response.statusCode, name).toBe(404)
      expect(response.json().error.code, name).toBe('not_found')
    }
  })

  it('renders the page in ?locale=, else the browser’s language, else English; hostile values are not echoed', async () => {
    const page = async (query: string, acceptLanguage?: string) =>
      (
        await h.request('GET', `/connect${query}`, {
          apiKey: null,
          headers: acceptLanguage ? { 'accept-language': acceptLanguage } : {},
        })
      ).body
    expect(await page('?embed=1&locale=ar')).toContain('<html lang="ar" dir="rtl">')
    expect(await page('?embed=1&locale=ja', 'de')).toContain('<html lang="ja" dir="ltr">')
    expect(await page('?embed=1', 'de-AT,de;q=0.9,en;q=0.8')).toContain('<html lang="de"')
    expect(await page('', 'xx, fr;q=0.5, es;q=0.7')).toContain('<html lang="es"')
    expect(await page('?locale=pt', 'en')).toContain('<html lang="pt-BR"')
    expect(await page('?locale=PT-br')).toContain('<html lang="pt-BR"')
    expect(await page('', 'fr;q=0, ja')).toContain('<html lang="ja"')
    const hostile = await page('?locale=%22%3E%3Cscript%3Ealert(1)%3C/script%3E', '<svg onload=1>')
    expect(hostile).toContain('<html lang="en" dir="ltr">')
    expect(hostile).not.toContain('alert(1)')
    expect(hostile).not.toContain('onload')
    expect(await page('?locale=de')).toContain('"title":"App verbinden"')
  })

  it('a hosted connect link carries the language in its query and allowMultiple in its fragment', async () => {
    const made = await h.request('POST', `/v1/users/${userId}/connect-link`, {
      body: { locale: 'ar', allowMultiple: true, apps: ['test-key'] },
    })
    expect(made.statusCode).toBe(201)
    const url = new URL(made.json().url)
    expect(url.pathname + url.search).toBe('/connect?locale=ar')
    const fragment = new URLSearchParams(url.hash.slice(1))
    expect(fragment.get('allowMultiple')).toBe('true')
    expect(fragment.get('token')).toMatch(/^ct_/)
    const page = await h.request('GET', url.pathname + url.search, { apiKey: null })
    expect(page.body).toContain('<html lang="ar" dir="rtl">')
    for (const locale of ['"><script>', 'de_DE', 'x'.repeat(40), 7])
      expect(
        (await h.request('POST', `/v1/users/${userId}/connect-link`, { body: { locale } }))
          .statusCode,
        String(locale),
      ).toBe(400)
  })

  it('the OAuth result page speaks the browser’s language', async () => {
    const response = await h.request('GET', '/oauth/callback/test-oidc?state=nope&code=x', {
      apiKey: null,
      headers: { 'accept-language': 'fr-CA,fr;q=0.9' },
    })
    expect(response.statusCode).toBe(400)
    expect(response.body).toContain('<html lang="fr" dir="ltr">')
    expect(response.body).toContain('Connexion impossible')
  })
})
