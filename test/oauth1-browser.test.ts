// Three-legged OAuth 1.0a in a real browser (Chromium + playwright-core): the demo page opens the modal, the user
// picks the app, the popup goes through Keyport's /oauth/start to the stand-in provider's authorize page, the user
// allows, the provider sends the popup back to Keyport's callback, the modal resolves with the new credential, and a
// proxied request with it is accepted by the stand-in, which verifies the signature with oauth-sign.
import { rmSync } from 'node:fs'
import type { FastifyInstance } from 'fastify'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildApp } from '../src/app.js'
import { createWorkspace } from '../src/workspaces/index.js'
import { artifact, hasChromium, launchBrowser } from './support/browser.js'
import { TEST_DATABASES } from './support/databases.js'
import { startHarness, type Harness } from './support/harness.js'
import { writeOAuth1Catalog } from './support/oauth1-apps.js'
import { startOAuth1Provider, type OAuth1Provider } from './support/oauth1-provider.js'
import { freePort } from './support/ports.js'

const database = TEST_DATABASES[TEST_DATABASES.length - 1]!

describe.skipIf(!hasChromium)(
  `OAuth 1.0a modal in Chromium (${database.name})`,
  { timeout: 60_000 },
  () => {
    let h: Harness
    let provider: OAuth1Provider
    let catalogDir: string
    let app: FastifyInstance
    let browser: Browser
    let page: Page
    let base: string
    let apiKey: string

    beforeAll(async () => {
      provider = await startOAuth1Provider()
      catalogDir = writeOAuth1Catalog(provider.url)
      const port = await freePort()
      base = `http://127.0.0.1:${port}`
      h = await startHarness(database, {
        catalogDirs: [catalogDir],
        trustedPrivateHosts: ['127.0.0.1'],
        publicURL: base,
      })
      ;({ apiKey } = await createWorkspace(h.store.db, 'default'))
      app = await buildApp({ ...h.deps, demo: true })
      await app.listen({ port, host: '127.0.0.1' })
      const put = await fetch(`${base}/v1/apps/test-oauth1/oauth-client`, {
        method: 'PUT',
        headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          clientId: provider.consumerKey,
          clientSecret: provider.consumerSecret,
        }),
      })
      expect(put.status).toBe(200)
      browser = await launchBrowser()
      page = await browser.newPage({ viewport: { width: 1000, height: 760 } })
    })
    afterAll(async () => {
      await browser?.close()
      await app?.close()
      await h?.close()
      await provider?.close()
      rmSync(catalogDir, { recursive: true, force: true })
    })

    it('connects through the popup and the credential signs proxied requests', async () => {
      await page.goto(`${base}/demo`)
      await page.click('#demo-connect')
      const frame = page.frameLocator('iframe[title="Connect an app"]')
      await frame.locator('#kp-search').fill('Test OAuth')
      await frame.locator('.kp-app[data-app="test-oauth1"]').click()
      const popupPromise = page.waitForEvent('popup')
      await frame.locator('button[type=submit]').click()
      const popup = await popupPromise
      await popup.waitForURL(`${provider.url}/oauth/authorize?**`)
      expect(new URL(popup.url()).searchParams.get('scope')).toBe('read,write')
      await popup.screenshot({ path: artifact('oauth1-authorize.png') })
      await popup.click('#allow')
      await page.waitForFunction(
        () => document.getElementById('demo-result')!.textContent!.trim().startsWith('{'),
        undefined,
        { timeout: 15_000 },
      )
      const result = JSON.parse((await page.locator('#demo-result').textContent())!)
      expect(result).toMatchObject({ app: 'test-oauth1', reused: false })
      await page.screenshot({ path: artifact('oauth1-connected.png') })

      const proxied = await fetch(`${base}/v1/proxy/${result.credentialId}/me?from=browser`, {
        headers: { authorization: `Bearer ${apiKey}` },
      })
      expect(proxied.status).toBe(200)
      expect(provider.verified.at(-1)).toMatchObject({
        path: '/api/me',
        parameters: [['from', 'browser']],
      })
      expect(provider.refusals).toEqual([])
    })
  },
)
