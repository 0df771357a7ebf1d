// Accessibility of the connect modal in Chromium: axe-core (no serious or critical violations) on every main step
// (picker, API-key form with a field error, OAuth step, reuse, done) in the hosted page and the embedded iframe, in
// light and dark; a keyboard-only connection that checks the focus never leaves the dialog and is visibly styled;
// and a 375 px wide viewport without horizontal overflow. Screenshots go to test-artifacts/.
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import type { Browser, BrowserContext, Frame, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { artifact, hasChromium, launchBrowser } from './support/browser.js'
import { TEST_DATABASES } from './support/databases.js'
import { startModalServer, type ModalServer } from './support/modal-server.js'

const database = TEST_DATABASES[TEST_DATABASES.length - 1]!
const AXE_SOURCE = readFileSync(
  createRequire(import.meta.url).resolve('axe-core/axe.min.js'),
  'utf8',
)

type Mode = 'hosted' | 'embedded'
type Theme = 'light' | 'dark'
interface Violation {
  id: string
  impact: string | null
  help: string
  nodes: { target: unknown[]; failureSummary?: string }[]
}

describe.skipIf(!hasChromium)(
  `modal accessibility in Chromium (${database.name})`,
  { timeout: 120_000 },
  () => {
    let browser: Browser
    let context: BrowserContext
    let page: Page
    let server: ModalServer
    let base: string

    beforeAll(async () => {
      server = await startModalServer(database)
      ;({ base } = server)
      browser = await launchBrowser()
      context = await browser.newContext({ viewport: { width: 1000, height: 760 } })
      context.setDefaultTimeout(15_000)
      page = await context.newPage()
      page.on('pageerror', (e) => console.log('[pageerror]', e.message))
    })

    afterAll(async () => {
      await browser?.close()
      await server?.close()
    })

    async function mintToken(): Promise<string> {
      const { token } = await (await fetch(`${base}/demo/token`, { method: 'POST' })).json()
      return token
    }

    /** Opens the modal with a fresh token: the hosted page (/connect#token=…) or the iframe the demo page embeds. */
    async function open(target: Page, mode: Mode, theme: Theme): Promise<Frame> {
      const token = await mintToken()
      await target.emulateMedia({ colorScheme: theme })
      if (mode === 'hosted') {
        // Through about:blank: the page dropped the fragment, so going to /connect#token=… from /connect would only
        // change the fragment and not load the page again.
        await target.goto('about:blank')
        await target.goto(`${base}/connect#token=${token}`)
        return target.mainFrame()
      }
      await target.goto(`${base}/demo`)
      await target.evaluate(
        ([t, mode]) => {
          ;(window as any).outcome = (window as any).Keyport.connect({
            token: t,
            theme: { mode },
          }).catch((e: { code: string }) => ({ rejected: e.code }))
        },
        [token, theme] as const,
      )
      await target.locator('iframe[title="Connect an app"]').waitFor()
      await expect
        .poll(() => target.frames().some((f) => f.url().includes('/connect?embed=1')))
        .toBe(true)
      return target.frames().find((f) => f.url().includes('/connect?embed=1'))!
    }

    /** Runs axe-core in the modal's document and returns the serious and critical violations, readably. */
    async function audit(frame: Frame, label: string): Promise<string[]> {
      // evaluate() goes through the DevTools protocol, so the page's CSP (scripts from 'self' only) doesn't block it.
      if (!(await frame.evaluate(() => 'axe' in window))) await frame.evaluate(AXE_SOURCE)
      const violations: Violation[] = await frame.evaluate(async () => {
        const result = await (window as any).axe.run(document, { resultTypes: ['violations'] })
        return result.violations
      })
      return violations
        .filter((v) => v.impact === 'serious' || v.impact === 'critical')
        .map(
          (v) =>
            `${label}: [${v.impact}] ${v.id} — ${v.help}\n` +
            v.nodes
              .map((n) => `    ${JSON.stringify(n.target)} ${n.failureSummary ?? ''}`)
              .join('\n'),
        )
    }

    async function pickApp(frame: Frame, name: string, id: string) {
      await frame.locator('.kp-app').first().waitFor()
      await frame.locator('#kp-search').fill(name)
      await frame.locator(`.kp-app[data-app="${id}"]`).click()
    }

    for (const mode of ['hosted', 'embedded'] as const) {
      for (const theme of ['light', 'dark'] as const) {
        it(`${mode} page, ${theme}: no serious or critical axe violations on any step`, async () => {
          const found: string[] = []
          const shot = (step: string) =>
            page.screenshot({ path: artifact(`a11y-${mode}-${theme}-${step}.png`) })
          let frame = await open(page, mode, theme)
          await frame.locator('.kp-app').first().waitFor()
          if (mode === 'embedded' && theme === 'dark')
            expect(await frame.evaluate(() => document.documentElement.dataset.theme)).toBe('dark')
          await shot('picker')
          found.push(...(await audit(frame, 'picker')))

          await pickApp(frame, 'Test OIDC', 'test-oidc')
          await frame.getByRole('button', { name: 'Connect with Test OIDC' }).waitFor()
          await shot('oauth')
          found.push(...(await audit(frame, 'oauth step')))

          // The API-key form with a field error (after the first run the app is connected: the reuse screen first).
          frame = await open(page, mode, theme)
          await pickApp(frame, 'Test Key', 'test-key')
          const another = frame.getByRole('button', { name: 'Update connection' })
          await another.or(frame.locator('#kp-f-account')).waitFor()
          if (await another.count()) await another.click()
          await frame.locator('#kp-f-account').fill('acme')
          await frame.locator('#kp-f-apiKey').fill('bad')
          await frame.locator('button[type=submit]').click()
          await expect
            .poll(() => frame.locator('#kp-f-apiKey-err').textContent())
            .toBe('An API key starts with tk_')
          await shot('key-error')
          found.push(...(await audit(frame, 'API-key form with an error')))
          await frame.locator('#kp-f-apiKey').fill(`tk_a11y${mode}${theme}`)
          await frame.locator('button[type=submit]').click()
          if (mode === 'hosted') {
            await frame.locator('.kp-done').waitFor()
            await shot('done')
            found.push(...(await audit(frame, 'done')))
          } else {
            await page.locator('iframe[title="Connect an app"]').waitFor({ state: 'detached' })
            expect(await page.evaluate(() => (window as any).outcome)).toMatchObject({
              app: 'test-key',
              reused: false,
            })
          }

          // The reuse question, then "Use this connection" (the hosted page shows the done screen again).
          frame = await open(page, mode, theme)
          await pickApp(frame, 'Test Key', 'test-key')
          await frame.getByRole('button', { name: 'Use this connection' }).waitFor()
          await shot('reuse')
          found.push(...(await audit(frame, 'reuse')))
          await frame.getByRole('button', { name: 'Use this connection' }).click()
          if (mode === 'hosted') {
            await frame.locator('.kp-done').waitFor()
            found.push(...(await audit(frame, 'done after reuse')))
          } else {
            await page.locator('iframe[title="Connect an app"]').waitFor({ state: 'detached' })
            expect(await page.evaluate(() => (window as any).outcome)).toMatchObject({
              app: 'test-key',
              reused: true,
            })
          }

          expect(found, found.join('\n')).toEqual([])
        })
      }
    }

    // The screens of issue 16 in Arabic (right to left), light and dark: the picker, a form with required-field
    // errors, the account chooser (allowMultiple), the not-configured notice and the success screen.
    for (const theme of ['light', 'dark'] as const) {
      it(`hosted page in Arabic, ${theme}: chooser, notice, errors and success are axe-clean`, async () => {
        const key = { authorization: `Bearer ${server.apiKey}`, 'content-type': 'application/json' }
        const { userId } = await (
          await fetch(`${base}/v1/users`, {
            method: 'POST',
            headers: key,
            body: JSON.stringify({ username: `a11y-ar-${theme}` }),
          })
        ).json()
        for (const account of ['one', 'two'])
          await fetch(`${base}/v1/credentials`, {
            method: 'POST',
            headers: key,
            body: JSON.stringify({
              userId,
              app: 'test-key',
              data: { account, apiKey: `tk_${account}account` },
            }),
          })
        const hosted = async (fragment: string) => {
          const { token } = await (
            await fetch(`${base}/v1/users/${userId}/token`, {
              method: 'POST',
              headers: key,
              body: '{}',
            })
          ).json()
          await page.emulateMedia({ colorScheme: theme })
          await page.goto('about:blank')
          await page.goto(`${base}/connect?locale=ar#token=${token}${fragment}`)
          return page.mainFrame()
        }
        const found: string[] = []
        const shot = (step: string) =>
          page.screenshot({ path: artifact(`a11y-ar-${theme}-${step}.png`) })

        let frame = await hosted('')
        await frame.locator('.kp-app').first().waitFor()
        found.push(...(await audit(frame, 'ar picker')))
        await pickApp(frame, 'Test Key', 'test-key')
        await frame.locator('.kp-account').waitFor()
        found.push(...(await audit(frame, 'ar reuse')))
        await frame.locator('.kp-secondary').first().click()
        await frame.locator('#kp-f-apiKey').waitFor()
        await frame.locator('#kp-f-account').fill('')
        await frame.locator('button[type=submit]').click()
        await frame.locator('#kp-f-account-err:not(:empty)').waitFor()
        await shot('errors')
        found.push(...(await audit(frame, 'ar form with errors')))

        frame = await hosted('&app=test-key&allowMultiple=true')
        await expect.poll(() => frame.locator('.kp-choice').count(), { timeout: 15_000 }).toBe(2)
        await shot('chooser')
        found.push(...(await audit(frame, 'ar chooser')))
        await frame.locator('.kp-choice').first().click()
        await frame.locator('.kp-success').waitFor()
        await shot('success')
        found.push(...(await audit(frame, 'ar success')))

        frame = await hosted('&app=test-oidc-two')
        await frame.locator('.kp-notice').waitFor()
        found.push(...(await audit(frame, 'ar not configured')))
        expect(found, found.join('\n')).toEqual([])
      })
    }

    /** Where the focus is inside the modal's document, and whether it is visible, inside the dialog and styled. */
    async function focusState(frame: Frame) {
      return frame.evaluate(() => {
        const el = document.activeElement as HTMLElement | null
        if (!el || el === document.body) return { inDialog: false, visible: false, what: 'body' }
        const rect = el.getBoundingClientRect()
        const style = getComputedStyle(el)
        return {
          inDialog: !!el.closest('#kp-dialog'),
          visible:
            rect.width > 0 &&
            rect.height > 0 &&
            el.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true }),
          focusVisible: el.matches(':focus-visible'),
          indicator:
            (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0) ||
            style.boxShadow !== 'none',
          what: `${el.tagName.toLowerCase()}#${el.id}[data-app=${el.dataset.app ?? ''}] ${el.textContent?.trim().slice(0, 30) ?? ''}`,
        }
      })
    }

    for (const mode of ['embedded', 'hosted'] as const) {
      it(`${mode} page: connects with the keyboard only, focus stays visible inside the dialog`, async () => {
        const frame = await open(page, mode, 'light')
        await frame.locator('.kp-app').first().waitFor()
        const trail: string[] = []
        async function expectFocusInside(step: string, viaKeyboard: boolean) {
          const state = await focusState(frame)
          trail.push(`${step}: ${state.what}`)
          expect(state.inDialog, `${step}: focus left the dialog\n${trail.join('\n')}`).toBe(true)
          expect(state.visible, `${step}: focus on a hidden element\n${trail.join('\n')}`).toBe(
            true,
          )
          if (viaKeyboard) {
            expect(state.focusVisible, `${step}: no :focus-visible`).toBe(true)
            expect(state.indicator, `${step}: no visible focus indicator`).toBe(true)
          }
        }
        async function press(key: string, step: string) {
          await page.keyboard.press(key)
          await expectFocusInside(step, true)
        }

        await expectFocusInside('opened', false)
        expect(await frame.evaluate(() => document.activeElement!.id)).toBe('kp-search')
        // Only the matching app left in the list, then Tab all the way round, both ways: the trap keeps it inside.
        await page.keyboard.type('Test Key')
        await expect.poll(() => frame.locator('.kp-app').count()).toBeLessThan(4)
        await frame.locator('.kp-app[data-app="test-key"]').waitFor()
        const stops = await frame.evaluate(
          () =>
            document.querySelectorAll('#kp-dialog button:not([hidden]), #kp-dialog input').length,
        )
        expect(stops).toBeLessThan(6)
        for (let i = 0; i < stops + 2; i++) await press('Tab', `Tab ${i + 1}`)
        for (let i = 0; i < stops + 2; i++) await press('Shift+Tab', `Shift+Tab ${i + 1}`)
        await frame.locator('#kp-search').focus()
        let onApp = false
        for (let i = 0; i < 6 && !onApp; i++) {
          await press('Tab', `Tab to the app ${i + 1}`)
          onApp = await frame.evaluate(
            () => (document.activeElement as HTMLElement).dataset.app === 'test-key',
          )
        }
        expect(onApp, trail.join('\n')).toBe(true)
        await page.keyboard.press('Enter')
        const another = frame.getByRole('button', { name: 'Update connection' })
        await another.or(frame.locator('#kp-f-account')).waitFor()
        if (await another.count()) {
          await expectFocusInside('reuse screen', false)
          await press('Tab', 'Tab to "Update connection"')
          expect(await another.evaluate((el) => el === document.activeElement)).toBe(true)
          await page.keyboard.press('Enter')
        }
        await frame.locator('#kp-f-account').waitFor()
        await expect
          .poll(() => frame.evaluate(() => document.activeElement!.id))
          .toBe('kp-f-account')
        await expectFocusInside('form', false)
        await page.keyboard.type('acme')
        await press('Tab', 'Tab to the API key')
        expect(await frame.evaluate(() => document.activeElement!.id)).toBe('kp-f-apiKey')
        await page.keyboard.type('bad')
        await page.keyboard.press('Enter')
        await expect
          .poll(() => frame.locator('#kp-f-apiKey-err').textContent())
          .toBe('An API key starts with tk_')
        await expectFocusInside('after the field error', false)
        expect(await frame.evaluate(() => document.activeElement!.id)).toBe('kp-f-apiKey')
        for (let i = 0; i < 8; i++) await press('Tab', `form Tab ${i + 1}`)
        for (let i = 0; i < 8; i++) await press('Shift+Tab', `form Shift+Tab ${i + 1}`)
        await frame.locator('#kp-f-apiKey').focus()
        await page.keyboard.press('ControlOrMeta+A')
        await page.keyboard.type(`tk_keyboard${mode}`)
        await page.keyboard.press('Enter')
        if (mode === 'embedded') {
          await page.locator('iframe[title="Connect an app"]').waitFor({ state: 'detached' })
          expect(await page.evaluate(() => (window as any).outcome)).toMatchObject({
            app: 'test-key',
            reused: false,
          })
        } else {
          await frame.locator('.kp-done').waitFor()
          expect(await frame.locator('.kp-done').textContent()).toContain(
            'Test Key App is connected',
          )
        }
      })
    }

    it('walks the app list with the arrow keys, Home and End', async () => {
      const frame = await open(page, 'embedded', 'light')
      await frame.locator('.kp-app').nth(2).waitFor()
      const focused = () =>
        frame.evaluate(() => {
          const el = document.activeElement as HTMLElement
          const apps = Array.from(document.querySelectorAll('.kp-app'))
          return el.id === 'kp-search' ? 'search' : apps.indexOf(el)
        })
      const last = (await frame.locator('.kp-app').count()) - 1
      expect(await focused()).toBe('search')
      const steps: [string, string | number][] = [
        ['ArrowDown', 0],
        ['ArrowDown', 1],
        ['ArrowDown', 2],
        ['ArrowUp', 1],
        ['End', last],
        ['ArrowDown', last],
        ['Home', 0],
        ['ArrowUp', 'search'],
        ['ArrowUp', 'search'],
      ]
      for (const [key, expected] of steps) {
        await page.keyboard.press(key)
        expect(await focused(), `after ${key}`).toBe(expected)
      }
    })

    // WCAG 1.4.11 (non-text contrast): the focus ring needs 3:1 against what surrounds it; axe does not check it.
    for (const mode of ['embedded', 'hosted'] as const) {
      for (const theme of ['light', 'dark'] as const) {
        it(`${mode} page, ${theme}: the focus ring contrasts at least 3:1 with the dialog`, async () => {
          const frame = await open(page, mode, theme)
          await frame.locator('.kp-app').first().waitFor()
          await page.keyboard.press('Tab')
          const colors = await frame.evaluate(() => {
            const el = document.activeElement as HTMLElement
            return {
              focusVisible: el.matches(':focus-visible'),
              ring: getComputedStyle(el).outlineColor,
              dialog: getComputedStyle(document.getElementById('kp-dialog')!).backgroundColor,
            }
          })
          expect(colors.focusVisible).toBe(true)
          expect(
            contrast(colors.ring, colors.dialog),
            JSON.stringify(colors),
          ).toBeGreaterThanOrEqual(3)
        })
      }
    }

    it('fits a 375 px wide screen without horizontal scrolling', async () => {
      const narrow = await context.newPage()
      await narrow.setViewportSize({ width: 375, height: 700 })
      const overflow = (frame: Frame) =>
        frame.evaluate(() => ({
          scrollWidth: document.scrollingElement!.scrollWidth,
          innerWidth: window.innerWidth,
        }))
      try {
        for (const mode of ['hosted', 'embedded'] as const) {
          const frame = await open(narrow, mode, 'light')
          await frame.locator('.kp-app').first().waitFor()
          await narrow.screenshot({ path: artifact(`a11y-narrow-${mode}-picker.png`) })
          let size = await overflow(frame)
          expect(size.scrollWidth, `${mode} picker`).toBeLessThanOrEqual(size.innerWidth)
          await pickApp(frame, 'Test Key', 'test-key')
          const another = frame.getByRole('button', { name: 'Update connection' })
          await another.or(frame.locator('#kp-f-account')).waitFor()
          if (await another.count()) await another.click()
          await frame.locator('#kp-f-account').fill('acme')
          await frame.locator('#kp-f-apiKey').fill('bad')
          await frame.locator('button[type=submit]').click()
          await frame.locator('#kp-f-apiKey-err:not(:empty)').waitFor()
          await narrow.screenshot({ path: artifact(`a11y-narrow-${mode}-key-error.png`) })
          size = await overflow(frame)
          expect(size.scrollWidth, `${mode} form`).toBeLessThanOrEqual(size.innerWidth)
          const outer = await overflow(narrow.mainFrame())
          expect(outer.scrollWidth, `${mode} page`).toBeLessThanOrEqual(outer.innerWidth)
        }
      } finally {
        await narrow.close()
      }
    })
  },
)

/** WCAG 2 contrast ratio of two computed `rgb(…)` colours. */
function contrast(a: string, b: string): number {
  const luminance = (color: string) => {
    const [r, g, b] = color
      .match(/[\d.]+/g)!
      .slice(0, 3)
      .map((c) => {
        const v = Number(c) / 255
        return v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4
      }) as [number, number, number]
    return 0.2126 * r + 0.7152 * g + 0.0722 * b
  }
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number]
  return (hi + 0.05) / (lo + 0.05)
}
