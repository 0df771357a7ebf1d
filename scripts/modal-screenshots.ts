// Regenerates the connect modal's screenshots in docs/images/ (README, "Connect modal"): a Keyport with the test
// catalog on SQLite, the demo page, Debian's Chromium. Run: `npx tsx scripts/modal-screenshots.ts [--prefix after]`.
// Each shot is skipped with a note when a step is missing (so the same script could also record the old modal).
import { mkdirSync } from 'node:fs'
import type { Frame, Page } from 'playwright-core'
import { launchBrowser } from '../test/support/browser.js'
import { sqliteDatabase } from '../test/support/databases.js'
import { startModalServer } from '../test/support/modal-server.js'

const prefix = process.argv.includes('--prefix')
  ? process.argv[process.argv.indexOf('--prefix') + 1]!
  : 'modal'
const OUT = new URL('../docs/images/', import.meta.url).pathname
mkdirSync(OUT, { recursive: true })

const server = await startModalServer(sqliteDatabase)
const browser = await launchBrowser()
const shot = (page: Page, name: string) =>
  page
    .screenshot({ path: `${OUT}${prefix}-${name}.png` })
    .then(() => console.log(`${prefix}-${name}.png`))

async function open(
  page: Page,
  options: Record<string, unknown>,
  theme: 'light' | 'dark',
): Promise<Frame> {
  await page.emulateMedia({ colorScheme: theme, reducedMotion: 'reduce' })
  await page.goto(`${server.base}/demo`)
  const { token } = await (await fetch(`${server.base}/demo/token`, { method: 'POST' })).json()
  await page.evaluate(
    ([t, o]) => {
      ;(window as any).outcome = (window as any).Keyport.connect({ token: t, ...o }).catch(
        (e: { code: string }) => ({ rejected: e.code }),
      )
    },
    [token, options] as const,
  )
  await page.locator('iframe').waitFor()
  await page.waitForFunction(() => document.querySelector('iframe')?.contentWindow)
  for (let i = 0; i < 50; i++) {
    const frame = page.frames().find((f) => f.url().includes('/connect?embed=1'))
    if (frame) return frame
    await page.waitForTimeout(100)
  }
  throw new Error('the modal did not open')
}

async function step(label: string, run: () => Promise<void>): Promise<void> {
  try {
    await run()
  } catch (error) {
    console.log(`skipped ${label}: ${(error as Error).message.split('\n')[0]}`)
  }
}

try {
  const desktop = await browser.newPage({ viewport: { width: 1000, height: 720 } })
  for (const theme of ['light', 'dark'] as const) {
    await step(`picker ${theme}`, async () => {
      const frame = await open(desktop, { theme: { mode: theme } }, theme)
      await frame.locator('.kp-app').first().waitFor()
      await frame.locator('.kp-app img').first().waitFor()
      await shot(desktop, `picker-${theme}`)
    })
  }
  await step('key form', async () => {
    const frame = await open(desktop, {}, 'light')
    await frame.locator('#kp-search').fill('Test Key')
    await frame.locator('.kp-app[data-app="test-key"]').click()
    await frame.locator('#kp-f-account').fill('acme')
    await frame.locator('#kp-f-apiKey').fill('bad')
    await frame.locator('button[type=submit]').click()
    await frame.locator('#kp-f-apiKey-err:not(:empty)').waitFor()
    await shot(desktop, 'key-form')
    await frame.locator('#kp-f-apiKey').fill('tk_screenshot')
    await frame.locator('button[type=submit]').click()
    await frame.locator('.kp-done').waitFor()
    await shot(desktop, 'success')
  })
  await step('arabic', async () => {
    const frame = await open(
      desktop,
      { locale: 'ar', app: 'test-key', allowMultiple: true },
      'light',
    )
    await frame.locator('.kp-choice, #kp-f-account').first().waitFor()
    await shot(desktop, 'arabic')
  })
  const phone = await browser.newPage({ viewport: { width: 375, height: 740 } })
  await step('phone', async () => {
    const frame = await open(phone, {}, 'light')
    await frame.locator('.kp-app').nth(5).waitFor()
    await shot(phone, 'phone')
  })
} finally {
  await browser.close()
  await server.close()
}
