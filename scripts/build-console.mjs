// Builds the operator console (console/, TypeScript) with Vite into dist/console-ui: index.html plus hashed assets
// under dist/console-ui/assets, served by Keyport at /console (src/api/console-pages.ts). Used by `npm run build`, and
// by the test setup and `keyport` in a checkout, which rebuild only when a source is newer than the build
// (staleBundles in bin/entry.js).
// Plain JavaScript, run by node: it must work before anything is compiled.
import { fileURLToPath } from 'node:url'

export const CONSOLE_SOURCE = fileURLToPath(new URL('../console/', import.meta.url))
export const CONSOLE_OUTPUT = fileURLToPath(new URL('../dist/console-ui/', import.meta.url))

/** Runs Vite's build; resolves when dist/console-ui is complete. */
export async function buildConsole({ quiet = false } = {}) {
  const { build } = await import('vite')
  await build({
    configFile: false,
    root: CONSOLE_SOURCE,
    base: '/console/',
    logLevel: quiet ? 'warn' : 'info',
    build: {
      outDir: CONSOLE_OUTPUT,
      // Its own folder: tsc writes src/console (console sign-in) to dist/console, which this build must not touch.
      emptyOutDir: true,
      assetsDir: 'assets',
      target: 'es2022',
      // One entry: no modulepreload polyfill (it would be an inline-free chunk, but unneeded), no source maps shipped.
      modulePreload: false,
      sourcemap: false,
      reportCompressedSize: !quiet,
    },
  })
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await buildConsole()
