#!/usr/bin/env node
// The `keyport` command. Runs the compiled build (dist/cli.js): an installed package has only that.
// In a source checkout (src/ beside dist/) whose dist/ is missing or older than a source file, it runs the sources
// through tsx instead (a dev dependency), so a checkout never runs stale code: `npm run build` makes it compiled again.
import { chooseEntry } from './entry.js'

const entry = chooseEntry(new URL('..', import.meta.url))
if (entry.kind === 'sources') {
  let register
  try {
    ;({ register } = await import('tsx/esm/api'))
  } catch {
    console.error(
      `keyport: ${entry.reason}, and tsx is not installed to run the sources: run \`npm run build\``,
    )
    process.exit(1)
  }
  register()
  console.error(
    `keyport: running the sources through tsx (${entry.reason}; \`npm run build\` compiles them)`,
  )
}
await import(entry.url.href)
