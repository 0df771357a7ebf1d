// An agent asks the user to connect an app: connect_app returns a hosted link, a real Chromium session opens it and
// completes the modal's API-key form, list_connections then shows the connection and call_api reaches the stand-in
// API with the key the user typed — which the agent never sees.
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { artifact, hasChromium, launchBrowser } from './support/browser.js'
import { TEST_DATABASES } from './support/databases.js'
import { startHarness, type Harness } from './support/harness.js'
import { startLocalServer, writeCatalogDir, type LocalServer } from './support/local-app.js'
import { connectAgent, mintAgentToken, standInApp, standInHandler } from './support/mcp.js'
import { freePort } from './support/ports.js'

const database = TEST_DATABASES[TEST_DATABASES.length - 1]!

describe.skipIf(!hasChromium)(
  `connect_app link in Chromium (${database.name})`,
  { timeout: 60_000 },
  () => {
    let h: Harness
    let api: LocalServer
    let base: string
    let browser: Browser

    beforeAll(async () => {
      api = await startLocalServer(standInHandler)
      const port = await freePort()
      base = `http://127.0.0.1:${port}`
      h = await startHarness(database, {
        publicURL: base,
        catalogDirs: [writeCatalogDir([standInApp(api.url)])],
        trustedPrivateHosts: ['127.0.0.1'],
      })
      await h.app.listen({ port, host: '127.0.0.1' })
      browser = await launchBrowser()
    })
    afterAll(async () => {
      await browser?.close()
      await h?.close()
      await api?.close()
    })

    it('the user completes the link through the modal, then call_api works with their key', async () => {
      const { userId } = (
        await h.request('POST', '/v1/users', { body: { username: 'dana' } })
      ).json()
      const { token } = await mintAgentToken(h, userId, { label: 'browser agent' })
      const agent = await connectAgent(base, token)
      try {
        const before = await agent.call('call_api', {
          app: 'stand-in',
          method: 'GET',
          path: '/echo',
        })
        expect(before.body.error.code).toBe('credential_not_found')
        const { link } = (await agent.call('connect_app', { app: 'stand-in' })).body
        expect(link).toMatch(new RegExp(`^${base}/connect#token=ct_`))

        const page = await browser.newPage()
        page.on('pageerror', (e) => console.log('[pageerror]', e.message))
        await page.goto(link)
        // The fragment (and with it the connect token) is dropped from the address bar at once.
        await expect.poll(() => page.url()).toBe(`${base}/connect`)
        await page.locator('#kp-f-apiKey').fill('sk_browserKEY123')
        await page.screenshot({ path: artifact('mcp-connect-link-form.png') })
        await page.locator('button[type=submit]').click()
        await page.locator('.kp-done').waitFor()
        await page.screenshot({ path: artifact('mcp-connect-link-done.png') })
        await page.close()

        const { connections } = (await agent.call('list_connections')).body
        expect(connections).toEqual([
          expect.objectContaining({ app: 'stand-in', status: 'active' }),
        ])
        const seen = api.requests.length
        const after = await agent.call('call_api', {
          app: 'stand-in',
          method: 'GET',
          path: '/echo',
        })
        expect(after.body).toMatchObject({
          credentialId: connections[0].credentialId,
          status: 200,
          body: { path: '/echo' },
        })
        expect(api.requests.slice(seen)[0]!.headers.authorization).toBe('Bearer sk_browserKEY123')
        expect(after.text).not.toContain('browserKEY123')
      } finally {
        await agent.close()
      }
    })
  },
)
