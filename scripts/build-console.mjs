// Builds the operator console (console/, TypeScript) with Vite into dist/console: index.html plus hashed assets
// under dist/console/assets, served by Keyport at /console (src/api/console-pages.ts). Used by `npm run build` and
// by the test setup (test/support/console-build.ts), which only rebuilds when a source is newer than the build.
// Plain JavaScript, run by node: it must work before anything is compiled.
import { rmSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

export const CONSOLE_SOURCE = fileURLToPath(new URL('../console/', import.meta.url))
export const CONSOLE_OUTPUT = fileURLToPath(new URL('../dist/console/', import.meta.url))

/** Runs Vite's build; resolves when dist/console is complete. */
export async function buildConsole({ quiet = false } = {}) {
  const { build } = await import('vite')
  // dist/console also holds tsc's output of src/console (console sign-in): only Vite's own files are replaced, else
  // `keyport serve` from dist/ fails on the missing dist/console/index.js.
  for (const own of ['index.html', 'assets'])
    rmSync(join(CONSOLE_OUTPUT, own), { recursive: true, force: true })
  await build({
    configFile: false,
    root: CONSOLE_SOURCE,
    base: '/console/',
    logLevel: quiet ? 'warn' : 'info',
    build: {
      outDir: CONSOLE_OUTPUT,
      emptyOutDir: false,
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
