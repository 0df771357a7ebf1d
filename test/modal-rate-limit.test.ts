// The modal under a connect-token rate limit, in a real browser against a listening Keyport: a 429 refused the
// request before anything happened, so the page sends it again after Retry-After and the user connects anyway;
// only when the refusals go on does it say so, in words rather than the API's message.
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { STRINGS } from '../src/modal/index.js'
import { createRateLimits } from '../src/ratelimit/index.js'
import { artifact, hasChromium, launchBrowser } from './support/browser.js'
import { TEST_DATABASES } from './support/databases.js'
import { startModalServer, type ModalServer } from './support/modal-server.js'

const database = TEST_DATABASES[0]!

describe.skipIf(!hasChromium)(
  `modal under a rate limit (${database.name})`,
  { timeout: 60_000 },
  () => {
    let browser: Browser
    let page: Page
    let server: ModalServer
    const refused: string[] = []

    beforeAll(async () => {
      // One request a second per connect token: opening the modal alone sends more than that.
      server = await startModalServer(database, {
        rateLimits: createRateLimits({ workspace: 0, connectToken: 1 }),
      })
      browser = await launchBrowser()
      page = await browser.newPage({ viewport: { width: 1000, height: 760 } })
      page.setDefaultTimeout(20_000)
      page.on('pageerror', (e) => console.log('[pageerror]', e.message))
      page.on('response', (r) => {
        if (r.status() === 429) refused.push(new URL(r.url()).pathname)
      })
    })

    afterAll(async () => {
      await browser?.close()
      await server?.close()
    })

    async function openHosted(): Promise<void> {
      const { token } = await (await fetch(`${server.base}/demo/token`, { method: 'POST' })).json()
      await page.goto('about:blank')
      await page.goto(`${server.base}/connect#token=${token}`)
    }

    async function v1(path: string) {
      const response = await fetch(`${server.base}${path}`, {
        headers: { authorization: `Bearer ${server.apiKey}` },
      })
      return response.json()
    }

    it('waits out each 429 and connects an API-key app', async () => {
      await openHosted()
      await page.locator('.kp-app').first().waitFor()
      await page.locator('#kp-search').fill('Test Key')
      await page.locator('.kp-app[data-app="test-key"]').click()
      await page.locator('#kp-f-account').fill('acme')
      await page.locator('#kp-f-apiKey').fill('tk_ratelimitedbutpatient')
      await page.locator('button[type=submit]').click()
      await page.locator('.kp-done').waitFor()
      await page.screenshot({ path: artifact('rate-limit-connected.png') })
      expect(refused.length).toBeGreaterThan(0)
      const users = await v1('/v1/users?username=demo-user')
      const credentials = await v1(`/v1/users/${users.data[0].userId}/credentials?app=test-key`)
      expect(credentials.data).toHaveLength(1)
    })

    it('says so in words when the refusals go on, after three retries', async () => {
      // The server's own 429 for the modal's first call, every time (as under a sustained overload).
      let sent = 0
      await page.route('**/connect/api/session', (route) => {
        sent++
        return route.fulfill({
          status: 429,
          headers: { 'retry-after': '1', 'content-type': 'application/json' },
          body: JSON.stringify({ error: { code: 'rate_limited', message: 'Too many requests' } }),
        })
      })
      await openHosted()
      await expect
        .poll(() => page.locator('.kp-error').textContent(), { timeout: 10_000 })
        .toBe(STRINGS.tooManyRequests)
      expect(sent).toBe(4)
      await page.unroute('**/connect/api/session')
    })
  },
)
