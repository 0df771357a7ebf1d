// A real browser for the modal tests: Debian's Chromium driven by playwright-core (no bundled browser download).
// .ci/run installs chromium when it is missing; without it the browser suites are skipped, visibly.
import { existsSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { chromium, type Browser } from 'playwright-core'

export const CHROMIUM = '/usr/bin/chromium'
export const hasChromium = existsSync(CHROMIUM)
export const ARTIFACTS = join(process.cwd(), 'test-artifacts')

export async function launchBrowser(): Promise<Browser> {
  mkdirSync(ARTIFACTS, { recursive: true })
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  })
}

export function artifact(name: string): string {
  return join(ARTIFACTS, name)
}
