// Regenerates the operator console's screenshots in docs/images/ (README, "Console"): a Keyport on SQLite with the
// browser tests' sample workspace (test/support/console-server.ts), an admin signed in through a real sign-in link,
// Debian's Chromium. Run: `npx tsx scripts/console-screenshots.ts` (after `npm run build`, which builds the console).
import { mkdirSync } from 'node:fs'
import type { Page } from 'playwright-core'
import { launchBrowser } from '../test/support/browser.js'
import { startConsoleServer } from '../test/support/console-server.js'
import { sqliteDatabase } from '../test/support/databases.js'

const OUT = new URL('../docs/images/', import.meta.url).pathname
mkdirSync(OUT, { recursive: true })

const server = await startConsoleServer(sqliteDatabase)
const browser = await launchBrowser()
const context = await browser.newContext({ viewport: { width: 1200, height: 800 } })
context.setDefaultTimeout(15_000)
const page = await context.newPage()
await page.emulateMedia({ colorScheme: 'light', reducedMotion: 'reduce' })

async function settle(target: Page): Promise<void> {
  await target.locator('main h1').first().waitFor()
  await target.waitForFunction(() => !document.querySelector('main[aria-busy]'))
}

async function shot(target: Page, name: string, path?: string): Promise<void> {
  if (path) await target.goto(`${server.base}${path}`)
  await settle(target)
  await target.screenshot({ path: `${OUT}console-${name}.png`, fullPage: true })
  console.log(`console-${name}.png`)
}

try {
  await page.goto(`${server.base}/console/sign-in`)
  await page.locator('h1').waitFor()
  await page.screenshot({ path: `${OUT}console-sign-in.png` })
  console.log('console-sign-in.png')
  await page.goto(await server.signInLink('admin@example.com', 'admin'))
  await shot(page, 'overview')
  await shot(page, 'users', '/console/users?search=a')
  await shot(page, 'credentials', '/console/credentials')
  await page.goto(`${server.base}/console/credentials/${server.expired.credentialId}`)
  await settle(page)
  await page.getByRole('button', { name: 'Send reconnect link' }).click()
  await page.getByLabel(/Link to send/).waitFor()
  await page.waitForFunction(() => document.body.textContent?.includes('credential.connect_link'))
  await shot(page, 'credential')
  await shot(page, 'webhook', `/console/webhooks/${server.webhookId}`)
  // A second person, so the team table shows a role to change
  await server.signInLink('support@example.com', 'support')
  await shot(page, 'settings', '/console/settings')
  await shot(page, 'app', '/console/apps/github')
  await page.emulateMedia({ colorScheme: 'dark', reducedMotion: 'reduce' })
  await shot(page, 'overview-dark', '/console')
  const phone = await context.newPage()
  await phone.setViewportSize({ width: 390, height: 844 })
  await phone.emulateMedia({ colorScheme: 'light', reducedMotion: 'reduce' })
  await shot(phone, 'phone', `/console/users/${server.expired.userId}`)
} finally {
  await browser.close()
  await server.close()
}
