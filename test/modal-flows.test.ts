// The modal's flows in Chromium in three languages (German, Japanese, Arabic right to left), embedded in a platform
// page on another origin: the API-key form (help, examples, required fields, errors cleared on edit and before
// "Checking with…"), the success screen before connect() resolves, a second account with allowMultiple and choosing
// among several, OAuth through the popup, an unconfigured OAuth app hidden from the picker and explained when asked
// for, per-call strings, a phone-sized sheet, the overlay translucent in dark mode, and reduced motion.
import { createServer, type Server } from 'node:http'
import type { Browser, BrowserContext, Frame, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { LOCALES, format, type Locale } from '../src/modal/index.js'
import { artifact, hasChromium, launchBrowser } from './support/browser.js'
import { TEST_DATABASES } from './support/databases.js'
import { startModalServer, type ModalServer } from './support/modal-server.js'

const database = TEST_DATABASES[TEST_DATABASES.length - 1]!
const LANGUAGES = ['de', 'ja', 'ar'] as const

/** expect.poll with room for a loaded machine (its default gives up after one second). */
const poll = <T>(read: () => T | Promise<T>) => expect.poll(read, { timeout: 15_000 })

/** A locale's sentence with its placeholders filled (plural entries: the form Intl picks for `count`). */
function say(
  locale: Locale,
  key: keyof (typeof LOCALES)['en'],
  values: Record<string, string> = {},
) {
  let entry = LOCALES[locale][key] as string | Record<string, string>
  if (typeof entry !== 'string') {
    const count = Number(values.count)
    entry = entry[new Intl.PluralRules(locale).select(count)] ?? entry.other!
    values = { ...values, count: new Intl.NumberFormat(locale).format(count) }
  }
  return format(entry, values)
}

describe.skipIf(!hasChromium)(
  `modal flows in Chromium (${database.name})`,
  { timeout: 120_000 },
  () => {
    let browser: Browser
    let context: BrowserContext
    let page: Page
    let server: ModalServer
    let base: string
    let platform: Server
    let platformURL: string

    beforeAll(async () => {
      server = await startModalServer(database)
      ;({ base } = server)
      // The platform: another origin (localhost vs 127.0.0.1), a loud red page so a see-through overlay shows it.
      platform = createServer((_req, res) => {
        res.setHeader('content-type', 'text/html')
        res.end(
          `<!doctype html><title>Platform</title><body style="margin:0;background:#ff0000;height:100vh">` +
            `<script src="${base}/sdk/keyport.js"></script>`,
        )
      })
      await new Promise<void>((resolve) => platform.listen(0, '127.0.0.1', resolve))
      platformURL = `http://localhost:${(platform.address() as { port: number }).port}/`
      browser = await launchBrowser()
      context = await browser.newContext({ viewport: { width: 1000, height: 760 } })
      context.setDefaultTimeout(15_000)
      page = await context.newPage()
      page.on('pageerror', (e) => console.log('[pageerror]', e.message))
    })

    afterAll(async () => {
      await browser?.close()
      await new Promise<void>((resolve) => (platform ? platform.close(() => resolve()) : resolve()))
      await server?.close()
    })

    async function api(path: string, init: RequestInit = {}) {
      const response = await fetch(`${base}${path}`, {
        ...init,
        headers: {
          authorization: `Bearer ${server.apiKey}`,
          'content-type': 'application/json',
          ...init.headers,
        },
      })
      return response.status === 204 ? null : response.json()
    }
    async function newUser(name: string): Promise<string> {
      return (await api('/v1/users', { method: 'POST', body: JSON.stringify({ username: name }) }))
        .userId
    }
    async function tokenFor(userId: string): Promise<string> {
      return (await api(`/v1/users/${userId}/token`, { method: 'POST', body: '{}' })).token
    }
    async function credentialsOf(userId: string, app: string) {
      return (await api(`/v1/users/${userId}/credentials?app=${app}`)).data as {
        credentialId: string
      }[]
    }

    /** Opens the modal from the platform page; `settled` records when connect() resolves or rejects. */
    async function open(
      target: Page,
      userId: string,
      options: Record<string, unknown>,
    ): Promise<Frame> {
      const token = await tokenFor(userId)
      await target.goto(platformURL)
      await target.evaluate(
        ([t, o]) => {
          const w = window as any
          w.settled = null
          w.Keyport.connect({ token: t, ...o }).then(
            (r: unknown) => (w.settled = { resolved: r }),
            (e: { code: string }) => (w.settled = { rejected: e.code }),
          )
        },
        [token, options] as const,
      )
      await poll(() => target.frames().some((f) => f.url().includes('/connect?embed=1'))).toBe(true)
      return target.frames().find((f) => f.url().includes('/connect?embed=1'))!
    }
    const settled = (target: Page) =>
      target
        .waitForFunction(() => (window as any).settled)
        .then(() => target.evaluate(() => (window as any).settled))

    async function pick(frame: Frame, search: string, id: string) {
      await frame.locator('.kp-app').first().waitFor()
      await frame.locator('#kp-search').fill(search)
      await frame.locator(`.kp-app[data-app="${id}"]`).click()
    }

    /** Success screen first, connect() still pending and the iframe still there; then it resolves. */
    async function expectSuccessThenResult(
      frame: Frame,
      locale: Locale,
      appName: string,
      shot: string,
    ) {
      await frame.locator('.kp-success').waitFor()
      const state = await page.evaluate(() => ({
        open: !!document.querySelector('iframe'),
        settled: (window as any).settled,
      }))
      expect(state).toEqual({ open: true, settled: null })
      expect(await frame.locator('.kp-done').textContent()).toBe(
        say(locale, 'doneText', { app: appName }),
      )
      expect(await frame.locator('.kp-check').count()).toBe(1)
      await page.screenshot({ path: artifact(shot) })
      const result = await settled(page)
      await page.locator('iframe').waitFor({ state: 'detached' })
      return result
    }

    for (const locale of LANGUAGES) {
      it(`${locale}: an API-key app through the form, with help, errors that go away, and the success screen`, async () => {
        const userId = await newUser(`key-${locale}`)
        const frame = await open(page, userId, { locale })
        await frame.locator('.kp-app').first().waitFor()
        expect(
          await frame.evaluate(() => [document.documentElement.lang, document.documentElement.dir]),
        ).toEqual([locale, locale === 'ar' ? 'rtl' : 'ltr'])
        expect(await frame.locator('#kp-title').textContent()).toBe(say(locale, 'pickTitle'))
        await pick(frame, 'Test Key', 'test-key')
        await poll(() => frame.locator('#kp-title').textContent()).toBe(
          say(locale, 'authTitle', { app: 'Test Key App' }),
        )
        // The app's mark in the header; each field's description and example where the user types.
        expect(await frame.locator('#kp-mark').getAttribute('src')).toBe(
          '/connect/marks/test-key.svg',
        )
        expect(await frame.locator('#kp-f-account-help').textContent()).toBe(
          'The name of your account',
        )
        expect(await frame.locator('#kp-f-apiKey').getAttribute('placeholder')).toBe('tk_…')

        // Nothing typed: the page's own words, beside each field.
        await frame.locator('button[type=submit]').click()
        await poll(() => frame.locator('#kp-f-account-err').textContent()).toBe(
          say(locale, 'fieldRequired'),
        )
        expect(await frame.locator('#kp-f-apiKey-err').textContent()).toBe(
          say(locale, 'fieldRequired'),
        )
        // Editing a field takes its complaint away at once, and only its own.
        await frame.locator('#kp-f-account').fill('acme')
        expect(await frame.locator('#kp-f-account-err').textContent()).toBe('')
        expect(await frame.locator('#kp-f-account').getAttribute('aria-invalid')).toBeNull()
        expect(await frame.locator('#kp-f-apiKey-err').textContent()).toBe(
          say(locale, 'fieldRequired'),
        )

        // A key pasted with a line break at each end arrives trimmed.
        await frame.locator('#kp-f-apiKey').focus()
        await frame.evaluate(() => {
          const input = document.getElementById('kp-f-apiKey') as HTMLInputElement
          const data = new DataTransfer()
          data.setData('text/plain', '\n  bad \n')
          input.dispatchEvent(
            new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }),
          )
        })
        expect(await frame.locator('#kp-f-apiKey').inputValue()).toBe('bad')
        await frame.locator('button[type=submit]').click()
        await poll(() => frame.locator('#kp-f-apiKey-err').textContent()).toBe(
          'An API key starts with tk_',
        )

        // The provider cannot be reached once (answered here): the form's own sentence, in the page's language.
        await frame.locator('#kp-f-apiKey').fill(`tk_${locale}flow1234`)
        await page.route(
          '**/connect/api/credentials',
          (route) =>
            route.fulfill({
              status: 502,
              contentType: 'application/json',
              body: JSON.stringify({
                error: {
                  code: 'verification_unavailable',
                  message: 'upstream',
                  requestId: 'req_x',
                },
              }),
            }),
          { times: 1 },
        )
        await frame.locator('button[type=submit]').click()
        await poll(() => frame.locator('.kp-form-error').textContent()).toBe(
          say(locale, 'verificationUnavailable', { app: 'Test Key App' }),
        )

        // Sent again unchanged: while "Checking with…" runs (the request held here), no old error is on screen.
        let release!: () => void
        const held = new Promise<void>((resolve) => (release = resolve))
        await page.route('**/connect/api/credentials', async (route) => {
          await held
          await route.continue()
        })
        try {
          await frame.locator('button[type=submit]').click()
          await poll(() => frame.locator('button[type=submit]').textContent()).toBe(
            say(locale, 'submitting', { app: 'Test Key App' }),
          )
          expect(
            await frame.locator('.kp-field-error:not(:empty), .kp-form-error:not(:empty)').count(),
          ).toBe(0)
          expect(await frame.locator('[aria-invalid=true]').count()).toBe(0)
          await page.screenshot({ path: artifact(`flows-${locale}-checking.png`) })
        } finally {
          release()
        }
        const result = await expectSuccessThenResult(
          frame,
          locale,
          'Test Key App',
          `flows-${locale}-success.png`,
        )
        await page.unroute('**/connect/api/credentials')
        const [credential] = await credentialsOf(userId, 'test-key')
        expect(result).toEqual({
          resolved: { credentialId: credential!.credentialId, app: 'test-key', reused: false },
        })
      })

      it(`${locale}: a second account with allowMultiple, then choosing between the two`, async () => {
        const userId = await newUser(`multi-${locale}`)
        let frame = await open(page, userId, { locale })
        await pick(frame, 'Test Key', 'test-key')
        await frame.locator('#kp-f-account').fill('first')
        await frame.locator('#kp-f-apiKey').fill('tk_firstacct1')
        await frame.locator('button[type=submit]').click()
        await settled(page)

        // Without allowMultiple, connect({ app }) reuses the one there is, asking nothing.
        frame = await open(page, userId, { locale, app: 'test-key' })
        const [first] = await credentialsOf(userId, 'test-key')
        expect(await settled(page)).toEqual({
          resolved: { credentialId: first!.credentialId, app: 'test-key', reused: true },
        })

        // With it, the user sees the account they have and may add another.
        frame = await open(page, userId, { locale, app: 'test-key', allowMultiple: true })
        await frame.locator('.kp-choice').first().waitFor()
        expect(await frame.locator('#kp-body > p').first().textContent()).toBe(
          say(locale, 'reuseMany', { app: 'Test Key App', count: '1' }),
        )
        expect(await frame.locator('.kp-choice strong').allTextContents()).toEqual(['first'])
        await frame.getByRole('button', { name: say(locale, 'reuseAnother') }).click()
        await frame.locator('#kp-f-account').fill('second')
        await frame.locator('#kp-f-apiKey').fill('tk_secondacct2')
        await frame.locator('button[type=submit]').click()
        const added = await expectSuccessThenResult(
          frame,
          locale,
          'Test Key App',
          `flows-${locale}-second.png`,
        )
        const both = await credentialsOf(userId, 'test-key')
        expect(both).toHaveLength(2)
        const second = both.find((c) => c.credentialId !== first!.credentialId)!
        expect(added).toEqual({
          resolved: { credentialId: second.credentialId, app: 'test-key', reused: false },
        })

        // From the picker: the badge counts both (plural rules of the language), and either can be chosen.
        frame = await open(page, userId, { locale, allowMultiple: true })
        await frame.locator('#kp-search').fill('Test Key')
        await poll(() =>
          frame.locator('.kp-app[data-app="test-key"] .kp-badge').textContent(),
        ).toBe(say(locale, 'accountsBadge', { count: '2' }))
        await frame.locator('.kp-app[data-app="test-key"]').click()
        await poll(() => frame.locator('.kp-choice').count()).toBe(2)
        expect(await frame.locator('#kp-body > p').first().textContent()).toBe(
          say(locale, 'reuseMany', { app: 'Test Key App', count: '2' }),
        )
        await page.screenshot({ path: artifact(`flows-${locale}-choose.png`) })
        await frame.locator(`.kp-choice[data-credential="${first!.credentialId}"]`).click()
        expect(
          await expectSuccessThenResult(
            frame,
            locale,
            'Test Key App',
            `flows-${locale}-chosen.png`,
          ),
        ).toEqual({
          resolved: { credentialId: first!.credentialId, app: 'test-key', reused: true },
        })
      })

      it(`${locale}: OAuth through the popup; an OAuth app without a client is hidden, and explained when asked for`, async () => {
        const userId = await newUser(`oauth-${locale}`)
        let frame = await open(page, userId, { locale })
        await frame.locator('.kp-app').first().waitFor()
        await frame.locator('#kp-search').fill('Test OIDC')
        await frame.locator('.kp-app[data-app="test-oidc"]').waitFor()
        expect(
          await frame
            .locator('.kp-app')
            .evaluateAll((els) => els.map((e) => e.getAttribute('data-app'))),
        ).toEqual(['test-oidc'])
        await frame.locator('.kp-app[data-app="test-oidc"]').click()
        const button = frame.getByRole('button', {
          name: say(locale, 'oauthButton', { app: 'Test OIDC' }),
        })
        await button.waitFor()
        // No fields to fill, so no "where do I find these?" link.
        expect(await frame.locator('.kp-link').count()).toBe(0)
        const popupPromise = page.waitForEvent('popup')
        await button.click()
        const popup = await popupPromise
        await popup.waitForURL(/\/interaction\//)
        if (await popup.locator('input[name=login]').count()) {
          await popup.fill('input[name=login]', `user-${locale}`)
          await popup.fill('input[name=password]', 'anything')
          await popup.click('button[type=submit]')
        }
        await popup.waitForSelector('input[name=prompt][value=consent]', { state: 'attached' })
        await popup.click('button[type=submit]')
        const result = await expectSuccessThenResult(
          frame,
          locale,
          'Test OIDC',
          `flows-${locale}-oauth.png`,
        )
        const [credential] = await credentialsOf(userId, 'test-oidc')
        expect(result).toEqual({
          resolved: { credentialId: credential!.credentialId, app: 'test-oidc', reused: false },
        })

        frame = await open(page, userId, { locale, app: 'test-oidc-two' })
        await frame.locator('.kp-notice').waitFor()
        expect(await frame.locator('.kp-notice').textContent()).toBe(
          say(locale, 'notConfigured', { app: 'Test OIDC Two' }),
        )
        expect(await frame.locator('form, .kp-link').count()).toBe(0)
        await page.screenshot({ path: artifact(`flows-${locale}-not-configured.png`) })
      })
    }

    it('an expired connection asked for by app is restored in place; closing the success screen still resolves', async () => {
      const userId = await newUser('restore')
      const created = await api('/v1/credentials', {
        method: 'POST',
        body: JSON.stringify({
          userId,
          app: 'test-key',
          data: { account: 'acme', apiKey: 'tk_oldoldold' },
        }),
      })
      await server.h.store.db
        .updateTable('credential')
        .set({ status: 'expired', expiredReason: 'verification_rejected' })
        .where('id', '=', created.credentialId)
        .execute()
      const frame = await open(page, userId, { locale: 'fr', app: 'test-key' })
      await poll(() => frame.locator('#kp-title').textContent()).toBe(
        say('fr', 'reconnectTitle', { app: 'Test Key App' }),
      )
      expect(await frame.locator('#kp-f-account').inputValue()).toBe('acme')
      await frame.locator('#kp-f-apiKey').fill('tk_newnewnew')
      await frame.locator('button[type=submit]').click()
      await frame.locator('.kp-success').waitFor()
      // × on the success screen hands the connection over instead of rejecting with "closed".
      await frame
        .locator('#kp-close')
        .click({ timeout: 2_000 })
        .catch(() => {})
      expect(await settled(page)).toEqual({
        resolved: { credentialId: created.credentialId, app: 'test-key', reused: false },
      })
      const all = await credentialsOf(userId, 'test-key')
      expect(all).toHaveLength(1)
      expect((await api(`/v1/credentials/${created.credentialId}`)).status).toBe('active')
    })

    it('Arabic lays out right to left: the mark and title start on the right, nothing scrolls sideways', async () => {
      const userId = await newUser('rtl')
      const frame = await open(page, userId, { locale: 'ar', app: 'test-key' })
      await frame.locator('#kp-f-account').waitFor()
      const layout = await frame.evaluate(() => {
        const box = (id: string) => document.getElementById(id)!.getBoundingClientRect()
        return {
          direction: getComputedStyle(document.getElementById('kp-dialog')!).direction,
          markRight: box('kp-mark').right,
          titleRight: box('kp-title').right,
          closeLeft: box('kp-close').left,
          labelRight: document.querySelector('.kp-label')!.getBoundingClientRect().right,
          dialogRight: box('kp-dialog').right,
          scrollWidth: document.scrollingElement!.scrollWidth,
          innerWidth: window.innerWidth,
        }
      })
      expect(layout.direction).toBe('rtl')
      expect(layout.markRight).toBeGreaterThan(layout.titleRight)
      expect(layout.closeLeft).toBeLessThan(layout.titleRight)
      expect(layout.dialogRight - layout.labelRight).toBeLessThan(40)
      expect(layout.scrollWidth).toBeLessThanOrEqual(layout.innerWidth)
      await page.screenshot({ path: artifact('flows-ar-rtl.png') })
    })

    it('strings: {…} overrides any sentence for one call, plural forms included', async () => {
      const userId = await newUser('strings')
      const frame = await open(page, userId, {
        locale: 'de',
        theme: { logoUrl: 'https://platform.example/logo.svg' },
        strings: {
          pickTitle: 'Welches Tool?',
          appCount: { one: 'ein Tool', other: '{count} Tools' },
          notAKey: 'ignored',
          searchPlaceholder: 42,
        },
      })
      await frame.locator('.kp-app').first().waitFor()
      expect(await frame.locator('#kp-title').textContent()).toBe('Welches Tool?')
      // The platform's logo in the header (an https: image).
      expect(await frame.locator('#kp-logo').getAttribute('src')).toBe(
        'https://platform.example/logo.svg',
      )
      expect(await frame.locator('#kp-logo').getAttribute('hidden')).toBeNull()
      expect(await frame.locator('#kp-search').getAttribute('placeholder')).toBe(
        LOCALES.de.searchPlaceholder,
      )
      await frame.locator('#kp-search').fill('Test Key')
      await poll(() => frame.locator('[role=status].kp-sr').first().textContent()).toBe('ein Tool')
    })

    it('a phone (375 px): a full-height sheet, the list filling it, no sideways scrolling, in English and Arabic', async () => {
      const phone = await context.newPage()
      await phone.setViewportSize({ width: 375, height: 740 })
      try {
        for (const locale of ['en', 'ar'] as const) {
          const frame = await open(phone, await newUser(`phone-${locale}`), { locale })
          await frame.locator('.kp-app').nth(8).waitFor()
          const sizes = await frame.evaluate(() => {
            const dialog = document.getElementById('kp-dialog')!.getBoundingClientRect()
            const list = document.getElementById('kp-apps')!.getBoundingClientRect()
            return {
              dialogHeight: dialog.height,
              dialogWidth: dialog.width,
              listBottom: list.bottom,
              innerHeight: window.innerHeight,
              innerWidth: window.innerWidth,
              scrollWidth: document.scrollingElement!.scrollWidth,
              listScrolls: document.getElementById('kp-apps')!.scrollHeight > list.height,
            }
          })
          await phone.screenshot({ path: artifact(`flows-phone-${locale}.png`) })
          expect(sizes.dialogHeight).toBe(sizes.innerHeight)
          expect(sizes.dialogWidth).toBe(sizes.innerWidth)
          // The list reaches the bottom of the sheet (its padding aside) and scrolls inside it.
          expect(sizes.innerHeight - sizes.listBottom).toBeLessThan(40)
          expect(sizes.listScrolls).toBe(true)
          expect(sizes.scrollWidth).toBeLessThanOrEqual(sizes.innerWidth)
          const outer = await phone.evaluate(
            () => document.scrollingElement!.scrollWidth - window.innerWidth,
          )
          expect(outer).toBeLessThanOrEqual(0)
        }
      } finally {
        await phone.close()
      }
    })

    it('the overlay stays translucent in dark mode: the platform’s page shows through', async () => {
      for (const mode of ['dark', 'light'] as const) {
        await page.emulateMedia({ colorScheme: mode })
        const frame = await open(page, await newUser(`overlay-${mode}`), { theme: { mode } })
        await frame.locator('.kp-app').first().waitFor()
        const png = (
          await page.screenshot({ clip: { x: 0, y: 0, width: 20, height: 20 } })
        ).toString('base64')
        const [r, g, b] = await readPixel(png)
        // Red under a dark veil stays clearly red; an opaque frame would be the dialog's grey-blue or black.
        expect(r, `${mode}: rgb(${r},${g},${b})`).toBeGreaterThan(80)
        expect(r - Math.max(g, b), `${mode}: rgb(${r},${g},${b})`).toBeGreaterThan(50)
      }
      await page.emulateMedia({ colorScheme: 'light' })
    })

    it('respects prefers-reduced-motion: no animation when the user asks for less motion', async () => {
      for (const [reducedMotion, expected] of [
        ['reduce', 'none'],
        ['no-preference', 'kp-in'],
      ] as const) {
        await page.emulateMedia({ reducedMotion })
        const frame = await open(page, await newUser(`motion-${reducedMotion}`), {})
        await frame.locator('.kp-app').first().waitFor()
        expect(
          await frame.evaluate(
            () => getComputedStyle(document.getElementById('kp-body')!).animationName,
          ),
        ).toBe(expected)
      }
      await page.emulateMedia({ reducedMotion: 'no-preference' })
    })

    /** The colour of the top-left pixel of a PNG, read by Chromium itself (no image library). */
    async function readPixel(base64: string): Promise<[number, number, number]> {
      const scratch = await context.newPage()
      try {
        return await scratch.evaluate(async (data) => {
          const img = new Image()
          img.src = `data:image/png;base64,${data}`
          await img.decode()
          const canvas = document.createElement('canvas')
          canvas.width = img.width
          canvas.height = img.height
          const ctx = canvas.getContext('2d')!
          ctx.drawImage(img, 0, 0)
          const [r, g, b] = ctx.getImageData(2, 2, 1, 1).data
          return [r!, g!, b!] as [number, number, number]
        }, base64)
      } finally {
        await scratch.close()
      }
    }
  },
)
