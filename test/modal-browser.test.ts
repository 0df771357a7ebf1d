// The modal in a real browser (Chromium + playwright-core) against a listening Keyport and a real OAuth server:
// the demo page, an API-key app through the form, the OAuth app through the popup, reuse, reconnect in place, and
// the embed script ignoring messages from other origins. Screenshots of each step go to test-artifacts/.
import { writeFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildEmbedScripts } from '../src/modal/index.js'
import { artifact, hasChromium, launchBrowser } from './support/browser.js'
import { TEST_DATABASES } from './support/databases.js'
import type { Harness } from './support/harness.js'
import { startModalServer, type ModalServer } from './support/modal-server.js'

const database = TEST_DATABASES[TEST_DATABASES.length - 1]!

describe.skipIf(!hasChromium)(`modal in Chromium (${database.name})`, { timeout: 60_000 }, () => {
  let h: Harness
  let browser: Browser
  let page: Page
  let server: ModalServer
  let base: string
  let apiKey: string
  let platform: Server
  const metrics: Record<string, number> = {}

  beforeAll(async () => {
    server = await startModalServer(database)
    ;({ h, base, apiKey } = server)
    // A "platform" on another origin (localhost vs 127.0.0.1) that embeds the script.
    platform = createServer((_req, res) => {
      res.setHeader('content-type', 'text/html')
      res.end(
        `<!doctype html><title>Platform</title><button id="b">x</button><script src="${base}/sdk/keyport.js"></script>`,
      )
    })
    await new Promise<void>((resolve) => platform.listen(0, '127.0.0.1', resolve))
    browser = await launchBrowser()
    page = await browser.newPage({ viewport: { width: 1000, height: 760 } })
    page.on('pageerror', (e) => console.log('[pageerror]', e.message))
  })

  afterAll(async () => {
    writeFileSync(artifact('modal-metrics.json'), JSON.stringify(metrics, null, 2))
    await browser?.close()
    await new Promise<void>((resolve) => (platform ? platform.close(() => resolve()) : resolve()))
    await server?.close()
  })

  const frame = () => page.frameLocator('iframe[title="Connect an app"]')
  const result = async () =>
    JSON.parse((await page.locator('#demo-result').textContent({ timeout: 15_000 }))!)
  async function waitForResult(): Promise<{ credentialId: string; app: string; reused: boolean }> {
    await page.waitForFunction(() =>
      document.getElementById('demo-result')!.textContent!.trim().startsWith('{'),
    )
    return result()
  }
  async function api(path: string) {
    const response = await fetch(`${base}${path}`, {
      headers: { authorization: `Bearer ${apiKey}` },
    })
    return response.json()
  }
  async function demoUserId(): Promise<string> {
    const users = await api('/v1/users?username=demo-user')
    return users.data[0].userId
  }
  /** Signs in and consents on oidc-provider's dev pages in the popup (login is skipped when a session exists). */
  async function approveInPopup(popup: Page, step: string) {
    // The popup opens blank, then the modal's form POST to /oauth/start redirects it to the provider.
    await popup.waitForURL(/\/interaction\//)
    if (await popup.locator('input[name=login]').count()) {
      await popup.fill('input[name=login]', 'browser-user')
      await popup.fill('input[name=password]', 'anything')
      await popup.screenshot({ path: artifact(`${step}-provider-login.png`) })
      await popup.click('button[type=submit]')
    }
    await popup.waitForSelector('input[name=prompt][value=consent]', { state: 'attached' })
    await popup.screenshot({ path: artifact(`${step}-provider-consent.png`) })
    await popup.click('button[type=submit]')
  }

  it('connects an API-key app through the form from the demo page', async () => {
    await page.goto(`${base}/demo`)
    await page.screenshot({ path: artifact('01-demo.png') })
    const started = performance.now()
    await page.click('#demo-connect')
    await frame().locator('.kp-app').first().waitFor()
    // Click → app list on screen (token mint, iframe load, session and catalog calls), and the modal document's FCP.
    metrics.clickToAppListMs = Math.round(performance.now() - started)
    const modalFrame = page.frames().find((f) => f.url().includes('/connect?embed=1'))!
    metrics.modalFirstContentfulPaintMs = await modalFrame.evaluate(() =>
      Math.round(performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? -1),
    )
    await page.screenshot({ path: artifact('02-picker.png') })

    await frame().locator('#kp-search').fill('Test Key')
    await frame().locator('.kp-app[data-app="test-key"]').click()
    await frame().locator('#kp-f-account').fill('acme')
    await frame().locator('#kp-f-apiKey').fill('bad')
    await frame().locator('button[type=submit]').click()
    await expect
      .poll(() => frame().locator('#kp-f-apiKey-err').textContent())
      .toBe('An API key starts with tk_')
    expect(await frame().locator('#kp-f-apiKey').getAttribute('type')).toBe('password')
    await page.screenshot({ path: artifact('03-key-form-error.png') })
    await frame().locator('#kp-f-apiKey').fill('tk_browser123')
    await frame().locator('button[type=submit]').click()
    const connected = await waitForResult()
    expect(connected).toMatchObject({ app: 'test-key', reused: false })
    expect(await page.locator('iframe').count()).toBe(0)
    await page.screenshot({ path: artifact('04-key-connected.png') })
  })

  it('connects the OAuth app through the popup against oidc-provider', async () => {
    await page.goto(`${base}/demo`)
    await page.click('#demo-connect')
    await frame().locator('#kp-search').fill('Test OIDC')
    await frame().locator('.kp-app[data-app="test-oidc"]').click()
    await page.screenshot({ path: artifact('05-oauth-step.png') })
    const popupPromise = page.waitForEvent('popup')
    await frame().locator('button[type=submit]').click()
    const popup = await popupPromise
    await approveInPopup(popup, '06')
    const connected = await waitForResult()
    expect(connected).toMatchObject({ app: 'test-oidc', reused: false })
    await page.screenshot({ path: artifact('07-oauth-connected.png') })

    const list = await api(`/v1/users/${await demoUserId()}/credentials`)
    expect(list.data.map((c: { app: string }) => c.app).sort()).toEqual(['test-key', 'test-oidc'])
    expect(list.data.every((c: { status: string }) => c.status === 'active')).toBe(true)
  })

  it('reuses the existing credential when opened again for the same app', async () => {
    const { token } = await (await fetch(`${base}/demo/token`, { method: 'POST' })).json()
    const reused = await page.evaluate(
      (t) => (window as any).Keyport.connect({ token: t, app: 'test-key' }),
      token,
    )
    const list = await api(`/v1/users/${await demoUserId()}/credentials?app=test-key`)
    expect(reused).toEqual({
      credentialId: list.data[0].credentialId,
      app: 'test-key',
      reused: true,
    })
    expect(list.data).toHaveLength(1)
    // Picking a connected app in the list asks, and "Use this connection" returns it.
    await page.click('#demo-connect')
    await frame().locator('#kp-search').fill('Test Key')
    await frame().locator('.kp-app[data-app="test-key"] .kp-badge').waitFor()
    await frame().locator('.kp-app[data-app="test-key"]').click()
    await page.screenshot({ path: artifact('08-reuse.png') })
    await frame().getByRole('button', { name: 'Use this connection' }).click()
    expect(await waitForResult()).toMatchObject({
      credentialId: list.data[0].credentialId,
      reused: true,
    })
  })

  it('reconnects an expired OAuth credential and keeps its id', async () => {
    const userId = await demoUserId()
    const [oauth] = (await api(`/v1/users/${userId}/credentials?app=test-oidc`)).data
    await h.store.db
      .updateTable('credential')
      .set({ status: 'expired', expiredReason: 'refresh_rejected' })
      .where('id', '=', oauth.credentialId)
      .execute()
    const { token } = await (await fetch(`${base}/demo/token`, { method: 'POST' })).json()
    const popupPromise = page.waitForEvent('popup')
    const reconnect = page.evaluate(
      ([t, id]) => (window as any).Keyport.connect({ token: t, credentialId: id }),
      [token, oauth.credentialId] as const,
    )
    await frame().getByRole('button', { name: 'Connect with Test OIDC' }).waitFor()
    await page.screenshot({ path: artifact('09-reconnect.png') })
    await frame().getByRole('button', { name: 'Connect with Test OIDC' }).click()
    await approveInPopup(await popupPromise, '10')
    expect(await reconnect).toEqual({
      credentialId: oauth.credentialId,
      app: 'test-oidc',
      reused: false,
    })
    const after = await api(`/v1/credentials/${oauth.credentialId}`)
    expect(after).toMatchObject({ credentialId: oauth.credentialId, status: 'active' })
    expect((await api(`/v1/users/${userId}/credentials?app=test-oidc`)).data).toHaveLength(1)
  })

  it('the embed script ignores messages from other origins and rejects with "closed" on Escape', async () => {
    const { port } = platform.address() as { port: number }
    await page.goto(`http://localhost:${port}/`)
    const { token } = await (await fetch(`${base}/demo/token`, { method: 'POST' })).json()
    await page.evaluate((t) => {
      ;(window as any).outcome = (window as any).Keyport.connect({ token: t }).then(
        (r: unknown) => ({ resolved: r }),
        (e: { code: string }) => ({ rejected: e.code }),
      )
    }, token)
    await frame().locator('.kp-app').first().waitFor({ timeout: 15_000 })
    // Forged results from the platform's own origin and from a third-origin iframe.
    await page.evaluate(() => {
      window.postMessage(
        { type: 'keyport:done', credentialId: 'cred_forged', app: 'x', reused: false },
        '*',
      )
      const evil = document.createElement('iframe')
      evil.srcdoc = `<script>parent.postMessage({type:'keyport:done',credentialId:'cred_forged2',app:'x'},'*')</script>`
      document.body.appendChild(evil)
    })
    await page.waitForTimeout(300)
    expect(await page.locator('iframe[title="Connect an app"]').count()).toBe(1)
    await page.screenshot({ path: artifact('11-other-origin-platform.png') })
    await frame().locator('#kp-search').click({ timeout: 5_000 })
    // Through the page's keyboard, not the locator. The keydown removes the iframe, and Chromium then sometimes never
    // acknowledges the key's release to the frame that is gone (about 1 run in 8 hung until the test's timeout), so
    // the press is not awaited: the outcome below is what the test waits for.
    void page.keyboard.press('Escape').catch(() => undefined)
    const outcome = await page.evaluate(() =>
      Promise.race([
        (window as any).outcome,
        new Promise((resolve) => setTimeout(() => resolve('still open'), 5_000)),
      ]),
    )
    expect(outcome).toEqual({ rejected: 'closed' })
    expect(await page.locator('iframe[title="Connect an app"]').count()).toBe(0)
    metrics.embedScriptGzipBytes = buildEmbedScripts(base).gzippedBytes
  })
})
