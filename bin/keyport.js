#!/usr/bin/env node
// The `keyport` command. Runs the compiled build (dist/cli.js): an installed package has only that.
// In a source checkout (src/ beside dist/) whose dist/ is missing or older than a source file, it runs the sources
// through tsx instead (a dev dependency), so a checkout never runs stale code: `npm run build` makes it compiled again.
// Likewise it rebuilds the console's and the modal's browser bundles (Vite, a dev dependency) when console/ or
// modal/ holds a file newer than them: the server serves them from dist/ either way.
import { chooseEntry, staleBundles } from './entry.js'

const root = new URL('..', import.meta.url)
const entry = chooseEntry(root)
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
for (const bundle of staleBundles(root)) {
  console.error(`keyport: building the ${bundle.name}'s browser code (${bundle.reason})`)
  try {
    await bundle.build({ quiet: true })
  } catch (error) {
    console.error(
      `keyport: the ${bundle.name}'s browser code could not be built (${error instanceof Error ? error.message : error}): run \`npm run build\``,
    )
    process.exit(1)
  }
}
await import(entry.url.href)
