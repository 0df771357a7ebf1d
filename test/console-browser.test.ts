// The operator console in Chromium, signed in for real (magic link → HttpOnly session cookie → /v1 with the CSRF
// token): an admin goes from the sign-in link to the overview, finds a user, opens their expired credential, sends a
// reconnect link and sees it in the audit trail; a support user finds no delete button and no API keys, and the API
// refuses both anyway; a page on another loopback origin cannot make the signed-in browser act; a session past its
// idle timeout lands on the sign-in page; axe-core finds nothing serious on any page, light or dark.
// One browser for the file, one context (cookie jar) per person.
import { readFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { createRequire } from 'node:module'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { artifact, hasChromium, launchBrowser } from './support/browser.js'
import { startConsoleServer, type ConsoleServer } from './support/console-server.js'
import { TEST_DATABASES } from './support/databases.js'

const database = TEST_DATABASES[TEST_DATABASES.length - 1]!
const AXE_SOURCE = readFileSync(
  createRequire(import.meta.url).resolve('axe-core/axe.min.js'),
  'utf8',
)

interface Violation {
  id: string
  impact: string | null
  help: string
  nodes: { target: unknown[] }[]
}

/** Light: every WCAG A/AA and best-practice rule; dark changes only colours, so only contrast runs again. */
async function axe(page: Page, theme: 'light' | 'dark'): Promise<Violation[]> {
  // Through the DevTools protocol, which the page's CSP (no inline script) does not govern.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE_SOURCE)
  const violations = await page.evaluate(async (theme) => {
    const result = await (window as any).axe.run(document, {
      runOnly:
        theme === 'light'
          ? { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] }
          : { type: 'rule', values: ['color-contrast'] },
    })
    return result.violations as Violation[]
  }, theme)
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
}

describe.skipIf(!hasChromium)(
  `operator console in Chromium (${database.name})`,
  { timeout: 180_000 },
  () => {
    let server: ConsoleServer
    let browser: Browser
    let admin: BrowserContext
    let page: Page
    let attacker: Server
    let attackerOrigin: string

    beforeAll(async () => {
      server = await startConsoleServer(database)
      browser = await launchBrowser()
      admin = await browser.newContext({ viewport: { width: 1200, height: 800 } })
      admin.setDefaultTimeout(15_000)
      page = await admin.newPage()
      page.on('pageerror', (e) => console.log('[pageerror]', e.message))
      // Another origin on loopback (another port: same site, so SameSite lets the cookie go along; the CSRF check
      // must be what stops it).
      attacker = createServer((_request, response) => {
        response.setHeader('content-type', 'text/html')
        response.end(
          `<!doctype html><title>evil</title><script>
          window.results = Promise.all([
            fetch(${JSON.stringify(`${server.base}/v1/credentials/${server.active.credentialId}/check`)},
              { method: 'POST', mode: 'no-cors', credentials: 'include' }),
            fetch(${JSON.stringify(`${server.base}/v1/users/${server.active.userId}/connect-link`)},
              { method: 'POST', mode: 'no-cors', credentials: 'include', headers: { 'content-type': 'text/plain' },
                body: '{}' }),
          ]).then(() => 'sent', (e) => String(e))
        </script>`,
        )
      })
      await new Promise<void>((resolve) => attacker.listen(0, '127.0.0.1', resolve))
      attackerOrigin = `http://127.0.0.1:${(attacker.address() as AddressInfo).port}`
    })

    afterAll(async () => {
      await browser?.close()
      await new Promise((resolve) => attacker?.close(resolve))
      await server?.close()
    })

    async function heading(target: Page): Promise<string> {
      return (await target.locator('main h1').first().textContent())!.trim()
    }

    it('signs in from the link, finds a user, sends a reconnect link for an expired credential and audits it', async () => {
      const link = await server.signInLink('admin@example.com', 'admin')
      expect(link).toMatch(/\/console\/sign-in#token=/)
      await page.goto(link)
      await expect.poll(() => heading(page), { timeout: 15_000 }).toBe('Overview')
      // The token left the address bar and the history entry.
      expect(page.url()).toBe(`${server.base}/console`)
      const stats = await page.locator('.stats').first().textContent()
      expect(stats).toMatch(/3\s*credentials/)
      expect(stats).toMatch(/1\s*expired/)

      await page.getByRole('link', { name: 'Users' }).click()
      await page.getByLabel('Search users').fill('ALI')
      await page.getByLabel('Search users').press('Enter')
      await expect.poll(() => page.url()).toContain('/console/users?search=ALI')
      const rows = page.locator('main tbody tr')
      await expect.poll(() => rows.count()).toBe(1)
      await page.getByRole('link', { name: 'alice' }).click()
      await expect.poll(() => heading(page)).toBe('alice')
      const credentialRow = page.locator('main tbody tr', { hasText: 'expired' })
      expect(await credentialRow.textContent()).toMatch(/reported invalid\s*1 hour ago/)
      await credentialRow.getByRole('link').click()
      await expect
        .poll(() => page.url())
        .toContain(`/console/credentials/${server.expired.credentialId}`)
      const facts = page.locator('main .facts')
      await expect.poll(() => facts.textContent()).toContain('Why')
      expect(await facts.textContent()).toContain(
        'your platform reported it invalid (reported_invalid)',
      )
      const expiredAt = facts.locator('div', { has: page.locator('dt', { hasText: /^Expired$/ }) })
      expect(await expiredAt.locator('time').getAttribute('datetime')).toMatch(/^\d{4}-\d\d-\d\dT/)
      expect(await page.locator('main').textContent()).not.toContain('sk_test_alice')

      await page.getByRole('button', { name: 'Send reconnect link' }).click()
      const linkField = page.getByLabel(/Link to send/)
      await expect.poll(() => linkField.inputValue()).toMatch(/\/connect#token=ct_/)
      expect(await linkField.inputValue()).toContain(`credentialId=${server.expired.credentialId}`)
      const audit = page.locator('section', {
        has: page.getByRole('heading', { name: 'Audit trail' }),
      })
      await expect.poll(() => audit.textContent()).toContain('credential.connect_link')
      const row = audit.locator('tr', { hasText: 'credential.connect_link' })
      expect(await row.textContent()).toMatch(/console user cu_/)
      await page.screenshot({ path: artifact('console-credential.png') })
    })

    it('shows the timeline, checks now and deletes only after the dialog is confirmed', async () => {
      await page.goto(`${server.base}/console/credentials/${server.active.credentialId}`)
      await expect.poll(() => heading(page)).toMatch(/stripe|Stripe/)
      await page.getByRole('button', { name: 'Check now' }).click()
      await expect.poll(() => page.getByRole('status').first().textContent()).toMatch(/Checked:/)
      // Cancel keeps it; Escape too; the focus comes back to the button.
      const remove = page.getByRole('button', { name: 'Delete…' })
      await remove.click()
      await page.getByRole('dialog').getByRole('button', { name: 'Cancel' }).click()
      expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Delete…')
      expect(
        (await server.h.request('GET', `/v1/credentials/${server.active.credentialId}`)).statusCode,
      ).toBe(200)
      expect(await page.locator('.timeline').textContent()).toContain('credential.created')
      // Confirmed, it goes: carol's credential, then her page without it.
      await page.goto(`${server.base}/console/credentials/${server.expiring.credentialId}`)
      await page.getByRole('button', { name: 'Delete…' }).click()
      await page.getByRole('dialog').getByRole('button', { name: 'Delete credential' }).click()
      await expect.poll(() => heading(page)).toBe('carol')
      expect(await page.locator('main').textContent()).toContain('connected nothing yet')
      const gone = await server.h.request('GET', `/v1/credentials/${server.expiring.credentialId}`)
      expect(gone.statusCode).toBe(404)
    })

    it('lets a support user read and send links, but shows no delete or API keys, and the API refuses both', async () => {
      const support = await browser.newContext({ viewport: { width: 1000, height: 760 } })
      support.setDefaultTimeout(15_000)
      const supportPage = await support.newPage()
      await supportPage.goto(await server.signInLink('support@example.com', 'support'))
      await expect.poll(() => heading(supportPage)).toBe('Overview')
      await supportPage.goto(`${server.base}/console/credentials/${server.expired.credentialId}`)
      await expect
        .poll(() => supportPage.getByRole('button', { name: 'Check now' }).count())
        .toBe(1)
      expect(await supportPage.getByRole('button', { name: /Delete/ }).count()).toBe(0)
      expect(await supportPage.getByRole('button', { name: 'Send reconnect link' }).count()).toBe(1)
      await supportPage.getByRole('link', { name: 'Settings' }).click()
      await expect.poll(() => heading(supportPage)).toBe('Settings')
      expect(await supportPage.getByRole('heading', { name: 'API keys' }).count()).toBe(0)
      expect(await supportPage.getByRole('heading', { name: 'Team' }).count()).toBe(0)
      // The same session, straight at the API with its CSRF token: refused by role.
      const answers = await supportPage.evaluate(async (credentialId) => {
        const { csrfToken } = await (await fetch('/console/api/session')).json()
        const remove = await fetch(`/v1/credentials/${credentialId}`, {
          method: 'DELETE',
          headers: { 'x-csrf-token': csrfToken },
        })
        const keys = await fetch('/v1/api-keys')
        return [remove.status, (await remove.json()).error.code, keys.status]
      }, server.expired.credentialId)
      expect(answers).toEqual([403, 'forbidden_for_role', 403])
      expect(
        (await server.h.request('GET', `/v1/credentials/${server.expired.credentialId}`))
          .statusCode,
      ).toBe(200)
      await support.close()
    })

    it("changes a console user's role from the team table, at once, and puts it back when refused", async () => {
      await server.signInLink('helper@example.com', 'support')
      await page.goto(`${server.base}/console/settings`)
      await expect.poll(() => heading(page)).toBe('Settings')
      const role = page.getByLabel('Role of helper@example.com')
      await role.selectOption('admin')
      const team = page.locator('section', { has: page.getByRole('heading', { name: 'Team' }) })
      await expect
        .poll(() => team.locator('.notice').textContent())
        .toBe('helper@example.com is now admin.')
      const listed = (await server.h.request('GET', '/v1/console-users')).json().data
      const helper = listed.find((u: { email: string }) => u.email === 'helper@example.com')
      expect(helper.role).toBe('admin')
      // Removed by an API key behind the page's back: the change is refused and the select shows the role again
      await server.h.request('DELETE', `/v1/console-users/${helper.id}`)
      await role.selectOption('support')
      await expect.poll(() => team.locator('.notice').textContent()).toMatch(/No such console user/)
      expect(await role.inputValue()).toBe('admin')
    })

    it('refuses a request another origin makes with the signed-in browser', async () => {
      const evil = await admin.newPage()
      const statuses: number[] = []
      evil.on('response', (response) => {
        if (response.url().startsWith(server.base)) statuses.push(response.status())
      })
      const before = (
        await server.h.request('GET', `/v1/audit?credentialId=${server.active.credentialId}`)
      ).json().data.length
      await evil.goto(attackerOrigin)
      expect(await evil.evaluate(() => (window as any).results)).toBe('sent')
      await expect.poll(() => statuses.length).toBe(2)
      expect(statuses).toEqual([403, 403])
      const after = (
        await server.h.request('GET', `/v1/audit?credentialId=${server.active.credentialId}`)
      ).json().data.length
      expect(after).toBe(before)
      await evil.close()
    })

    it('sets an OAuth app’s client from its page, showing the redirect URI and never the secret', async () => {
      await page.goto(`${server.base}/console/apps/github`)
      await expect.poll(() => heading(page)).toMatch(/needs an OAuth client/)
      expect(await page.locator('main').textContent()).toContain(
        `${server.base}/oauth/callback/github`,
      )
      await page.getByLabel('Client ID').fill('console-client-id')
      await page.getByLabel('Client secret').fill('console-client-secret-value')
      await page.getByRole('button', { name: 'Save client' }).click()
      await expect.poll(() => heading(page)).toMatch(/usable now/)
      expect(await page.content()).not.toContain('console-client-secret-value')
      const stored = await server.h.request('GET', '/v1/apps/github/oauth-client')
      expect(stored.json()).toMatchObject({ clientId: 'console-client-id' })
    })

    it('has no serious axe violations on any page, light or dark, and a visible focus', async () => {
      const pages = [
        '/console',
        '/console/users?search=a',
        `/console/users/${server.expired.userId}`,
        '/console/credentials',
        `/console/credentials/${server.expired.credentialId}`,
        '/console/webhooks',
        `/console/webhooks/${server.webhookId}`,
        '/console/events',
        '/console/apps?search=stri',
        '/console/apps/github',
        '/console/settings',
      ]
      const failures: string[] = []
      for (const theme of ['light', 'dark'] as const) {
        await page.emulateMedia({ colorScheme: theme })
        for (const path of pages) {
          await page.goto(`${server.base}${path}`)
          await page.locator('main h1').first().waitFor()
          await expect.poll(() => page.locator('main[aria-busy]').count()).toBe(0)
          for (const v of await axe(page, theme))
            failures.push(
              `${theme} ${path}: ${v.id} (${v.impact}) ${v.help} ${JSON.stringify(v.nodes.map((n) => n.target))}`,
            )
        }
      }
      expect(failures).toEqual([])
      // A phone's width: nothing but the tables' own scroll regions is wider than the screen.
      await page.setViewportSize({ width: 375, height: 740 })
      for (const path of ['/console', `/console/credentials/${server.expired.credentialId}`]) {
        await page.goto(`${server.base}${path}`)
        await page.locator('main h1').first().waitFor()
        expect(
          await page.evaluate(() => document.documentElement.scrollWidth),
          path,
        ).toBeLessThanOrEqual(375)
      }
      await page.setViewportSize({ width: 1200, height: 800 })
      // Keyboard: the first Tab reaches the skip link, which is visible and outlined.
      await page.goto(`${server.base}/console`)
      await page.locator('main h1').first().waitFor()
      await page.keyboard.press('Tab')
      const focused = await page.evaluate(() => {
        const el = document.activeElement as HTMLElement
        const style = getComputedStyle(el)
        return {
          text: el.textContent,
          outline: style.outlineStyle,
          top: el.getBoundingClientRect().top,
        }
      })
      expect(focused).toMatchObject({ text: 'Skip to content', outline: 'solid' })
      expect(focused.top).toBeGreaterThanOrEqual(0)
    })

    it('sends a session past its idle timeout to the sign-in page, back after signing in again, and signs out', async () => {
      await page.goto(`${server.base}/console/webhooks`)
      await expect.poll(() => heading(page)).toBe('Webhooks')
      server.advance(31 * 60_000)
      await page.getByRole('link', { name: 'Events' }).click()
      await expect.poll(() => page.url()).toBe(`${server.base}/console/sign-in`)
      expect(await page.locator('main').textContent()).toContain('Your session ended')
      await page.goto(await server.signInLink('late@example.com', 'admin'))
      await expect.poll(() => heading(page)).toBe('Events')
      // Signing out ends the session on the server too.
      await page.getByRole('button', { name: 'Sign out' }).click()
      await expect.poll(() => page.url()).toBe(`${server.base}/console/sign-in`)
      expect(await page.locator('main').textContent()).toContain('You signed out.')
      expect(await page.evaluate(async () => (await fetch('/console/api/session')).status)).toBe(
        401,
      )
    })
  },
)
