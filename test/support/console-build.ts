// Vitest global setup: builds the console front-end (console/ → dist/console-ui) when it is missing or older than
// its sources, so a fresh clone's `npm test` and a run after editing console/ serve the current bundle. Keyport reads
// dist/console-ui at boot (src/api/console-pages.ts); without a build /console answers 503.
import { existsSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { buildConsole, CONSOLE_OUTPUT, CONSOLE_SOURCE } from '../../scripts/build-console.mjs'

function newest(dir: string): number {
  let latest = 0
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    latest = Math.max(latest, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs)
  }
  return latest
}

export default async function setup(): Promise<void> {
  const built = join(CONSOLE_OUTPUT, 'index.html')
  const sources = [
    CONSOLE_SOURCE,
    new URL('../../scripts/build-console.mjs', import.meta.url).pathname,
  ]
  const latest = Math.max(
    ...sources.map((path) =>
      statSync(path).isDirectory() ? newest(path) : statSync(path).mtimeMs,
    ),
  )
  if (existsSync(built) && statSync(built).mtimeMs >= latest) return
  await buildConsole({ quiet: true })
}
