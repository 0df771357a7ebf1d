// Frame-ancestors in a real browser: a platform page on another origin embeds the modal with the embed script.
// Chromium renders it when the token's workspace lists that origin, refuses to frame it when the workspace lists
// others (CSP frame-ancestors), never frames the hosted page, and a page that frames the modal for a workspace that
// allows it (the attacker's own) cannot use another workspace's token there (the modal's API answers 403).
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { hasChromium, launchBrowser } from './support/browser.js'
import { TEST_DATABASES } from './support/databases.js'
import { startModalServer, type ModalServer } from './support/modal-server.js'

const database = TEST_DATABASES[TEST_DATABASES.length - 1]!

describe.skipIf(!hasChromium)(
  `modal framing in Chromium (${database.name})`,
  { timeout: 60_000 },
  () => {
    let server: ModalServer
    let browser: Browser
    let platform: Server
    let platformOrigin: string
    let token: string
    let page: Page

    const call = async (apiKey: string, method: string, path: string, body?: unknown) =>
      fetch(`${server.base}${path}`, {
        method,
        headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
        ...(body ? { body: JSON.stringify(body) } : {}),
      })
    const allow = (apiKey: string, origins: string[] | null) =>
      call(apiKey, 'PATCH', '/v1/settings', { modalFrameAncestors: origins })

    beforeAll(async () => {
      server = await startModalServer(database)
      platform = createServer((_req, res) => {
        res.setHeader('content-type', 'text/html')
        res.end(
          `<!doctype html><title>Platform</title><script src="${server.base}/sdk/keyport.js"></script>`,
        )
      })
      await new Promise<void>((resolve) => platform.listen(0, '127.0.0.1', resolve))
      platformOrigin = `http://localhost:${(platform.address() as AddressInfo).port}`
      const user = await (
        await call(server.apiKey, 'POST', '/v1/users', { username: 'framed' })
      ).json()
      token = (
        await (await call(server.apiKey, 'POST', `/v1/users/${user.userId}/token`, {})).json()
      ).token
      browser = await launchBrowser()
    })
    afterAll(async () => {
      await browser?.close()
      await new Promise<void>((resolve) => (platform ? platform.close(() => resolve()) : resolve()))
      await server?.close()
    })

    async function openPlatform(): Promise<Page> {
      await page?.close()
      page = await browser.newPage()
      await page.goto(`${platformOrigin}/`)
      return page
    }
    /** Chromium replaces a frame that CSP frame-ancestors refuses with its error page. */
    const refusedToFrame = (p: Page) =>
      p.waitForEvent('framenavigated', (f) => f !== p.mainFrame()).then((f) => f.url())

    it('renders the modal for an origin the workspace lists', async () => {
      expect((await allow(server.apiKey, [platformOrigin, 'https://app.example.com'])).status).toBe(
        200,
      )
      const p = await openPlatform()
      const session = p.waitForResponse((r) => r.url().endsWith('/connect/api/session'))
      await p.evaluate(
        (t) => void (window as any).Keyport.connect({ token: t }).catch(() => {}),
        token,
      )
      expect((await session).status()).toBe(200)
      const frame = p.frameLocator('iframe[title="Connect an app"]')
      expect(await frame.locator('#kp-title').textContent()).toBeTruthy()
    })

    it('is refused by the browser for an origin the workspace does not list', async () => {
      await allow(server.apiKey, ['https://app.example.com'])
      const p = await openPlatform()
      const refused = refusedToFrame(p)
      let sessionCalls = 0
      p.on('request', (r) => void (r.url().includes('/connect/api/') && sessionCalls++))
      await p.evaluate(
        (t) => void (window as any).Keyport.connect({ token: t }).catch(() => {}),
        token,
      )
      expect(await refused).toMatch(/^chrome-error:/)
      expect(sessionCalls).toBe(0)
    })

    it('never frames the hosted page', async () => {
      await allow(server.apiKey, null)
      const p = await openPlatform()
      const refused = refusedToFrame(p)
      await p.evaluate(
        ([base, t]) => {
          const frame = document.createElement('iframe')
          frame.src = `${base}/connect#token=${t}`
          document.body.appendChild(frame)
        },
        [server.base, token],
      )
      expect(await refused).toMatch(/^chrome-error:/)
    })

    it("refuses a workspace's token in a modal framed for another workspace", async () => {
      // The victim restricts its modal; the attacker's own workspace allows the attacker's origin.
      await allow(server.apiKey, ['https://app.example.com'])
      await allow(server.h.otherApiKey, [platformOrigin])
      const p = await openPlatform()
      const session = p.waitForResponse((r) => r.url().endsWith('/connect/api/session'))
      await p.evaluate(
        ([base, workspace, t]) => {
          const frame = document.createElement('iframe')
          frame.src = `${base}/connect?embed=1&workspace=${workspace}`
          window.addEventListener('message', (event) => {
            if (event.data?.type === 'keyport:ready')
              frame.contentWindow!.postMessage({ type: 'keyport:init', token: t }, base!)
          })
          document.body.appendChild(frame)
        },
        [server.base, server.h.otherWorkspaceId, token],
      )
      const answer = await session
      expect(answer.status()).toBe(403)
      expect((await answer.json()).error.code).toBe('forbidden')
    })
  },
)
