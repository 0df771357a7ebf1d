// Builds the modal's browser scripts (modal/src, TypeScript) with Vite, the same bundler as the console, into
// dist/modal/browser: one minified, dependency-free file per served script. Keyport reads them at boot
// (src/modal/assets.ts, src/modal/sdk.ts). Used by `npm run build`, and by the test setup and `keyport` in a
// checkout, which rebuild only when a source is newer than the build (staleBundles in bin/entry.js).
// Plain JavaScript, run by node: it must work before anything is compiled.
import { rmSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

export const MODAL_SOURCE = fileURLToPath(new URL('../modal/', import.meta.url))
export const MODAL_OUTPUT = fileURLToPath(new URL('../dist/modal/browser/', import.meta.url))

/** Served file → its entry and format: classic scripts are IIFEs (no globals leak), the ES module keeps exports. */
export const MODAL_ENTRIES = [
  { file: 'sdk.js', entry: 'src/sdk-classic.ts', format: 'iife' },
  { file: 'sdk.mjs', entry: 'src/sdk-module.ts', format: 'es' },
  { file: 'callback.js', entry: 'src/callback.ts', format: 'iife' },
  { file: 'demo.js', entry: 'src/demo.ts', format: 'iife' },
  { file: 'modal.js', entry: 'src/modal/main.ts', format: 'iife' },
]

/** Runs one Vite build per served file; resolves when dist/modal/browser is complete. */
export async function buildModal({ quiet = false } = {}) {
  const { build } = await import('vite')
  rmSync(MODAL_OUTPUT, { recursive: true, force: true })
  for (const { file, entry, format } of MODAL_ENTRIES)
    await build({
      configFile: false,
      root: MODAL_SOURCE,
      publicDir: false,
      logLevel: quiet ? 'warn' : 'info',
      build: {
        outDir: MODAL_OUTPUT,
        emptyOutDir: false,
        target: 'es2020',
        minify: true,
        // Vite keeps an ES library's whitespace (for the app that bundles it); this one is served as is.
        rolldownOptions: { output: { minify: true } },
        sourcemap: false,
        reportCompressedSize: !quiet,
        // IIFE entries export nothing: the name Vite requires is never assigned.
        lib: {
          entry: MODAL_SOURCE + entry,
          name: 'keyport',
          formats: [format],
          fileName: () => file,
        },
      },
    })
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await buildModal()
