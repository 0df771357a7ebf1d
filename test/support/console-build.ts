// Vitest global setup: builds the console front-end (console/ → dist/console-ui) and the modal's browser scripts
// (modal/ → dist/modal/browser) when missing or older than their sources, so a fresh clone's `npm test` and a run
// after editing either serve the current bundle. Keyport reads both at boot (src/api/console-pages.ts,
// src/modal/assets.ts); without a build /console answers 503 and the modal's scripts only throw "not built".
import { existsSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { buildConsole, CONSOLE_OUTPUT, CONSOLE_SOURCE } from '../../scripts/build-console.mjs'
import {
  buildModal,
  MODAL_ENTRIES,
  MODAL_OUTPUT,
  MODAL_SOURCE,
} from '../../scripts/build-modal.mjs'

function newest(dir: string): number {
  let latest = 0
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    latest = Math.max(latest, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs)
  }
  return latest
}

/** True when every built file exists and is at least as new as every source (a folder counts its whole tree). */
function current(built: string[], sources: string[]): boolean {
  const latest = Math.max(
    ...sources.map((path) =>
      statSync(path).isDirectory() ? newest(path) : statSync(path).mtimeMs,
    ),
  )
  return built.every((path) => existsSync(path) && statSync(path).mtimeMs >= latest)
}

const script = (name: string) => new URL(`../../scripts/${name}`, import.meta.url).pathname

export default async function setup(): Promise<void> {
  if (!current([join(CONSOLE_OUTPUT, 'index.html')], [CONSOLE_SOURCE, script('build-console.mjs')]))
    await buildConsole({ quiet: true })
  // modal/src imports server types (src/), which never reach a bundle: only modal/ and the build script count.
  const modalBuilt = MODAL_ENTRIES.map(({ file }) => join(MODAL_OUTPUT, file))
  if (!current(modalBuilt, [MODAL_SOURCE, script('build-modal.mjs')]))
    await buildModal({ quiet: true })
}
