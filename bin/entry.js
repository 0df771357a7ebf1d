// Which file `keyport` runs: dist/cli.js, unless src/ sits beside it (a source checkout) and holds a file newer than
// the build, or there is no build yet. In a source checkout, also which browser bundles (the console's, the modal's)
// are missing or older than their sources: those are rebuilt before the server reads them, since running src/
// through tsx still serves the bundles from dist/. Plain JavaScript, so it runs before anything is compiled.
import { existsSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

/**
 * @param {URL} root the package root (a directory URL ending in /)
 * @returns {{ kind: 'compiled', url: URL } | { kind: 'sources', url: URL, reason: string }}
 */
export function chooseEntry(root) {
  const compiled = new URL('dist/cli.js', root)
  const sources = new URL('src/cli.ts', root)
  if (!existsSync(sources)) return { kind: 'compiled', url: compiled }
  if (!existsSync(compiled)) return { kind: 'sources', url: sources, reason: 'dist/ is not built' }
  const builtAt = statSync(compiled).mtimeMs
  const newer = newestSource(fileURLToPath(new URL('src', root)))
  return newer > builtAt
    ? { kind: 'sources', url: sources, reason: 'dist/ is older than src/' }
    : { kind: 'compiled', url: compiled }
}

/** The browser bundles Vite builds (scripts/build-*.mjs): their sources, build script and output folder. */
const BUNDLES = [
  {
    name: 'console',
    source: 'console',
    script: 'scripts/build-console.mjs',
    output: 'dist/console-ui',
    build: 'buildConsole',
  },
  // modal/src imports server types (src/), which never reach a bundle: only modal/ and its build script count.
  {
    name: 'modal',
    source: 'modal',
    script: 'scripts/build-modal.mjs',
    output: 'dist/modal/browser',
    build: 'buildModal',
  },
]

/**
 * @typedef {{ name: 'console' | 'modal', reason: string, build: (options?: { quiet?: boolean }) => Promise<void> }} StaleBundle
 * @param {URL} root the package root (a directory URL ending in /)
 * @returns {StaleBundle[]} the bundles of a source checkout whose build is missing or older than a source (an
 *   installed package ships only the built ones)
 */
export function staleBundles(root) {
  const stale = []
  for (const bundle of BUNDLES) {
    const reason = staleness(root, bundle)
    if (reason === null) continue
    const build = async (options) => {
      const module = await import(new URL(bundle.script, root).href)
      await module[bundle.build](options)
    }
    stale.push({ name: bundle.name, reason, build })
  }
  return stale
}

/** Why the bundle needs building, or null when it does not (or has no sources here). */
function staleness(root, bundle) {
  const source = fileURLToPath(new URL(bundle.source, root))
  if (!existsSync(source)) return null
  const builtAt = oldestFile(fileURLToPath(new URL(bundle.output, root)))
  if (builtAt === null) return `${bundle.output}/ is not built`
  const script = fileURLToPath(new URL(bundle.script, root))
  const newest = Math.max(newestSource(source), existsSync(script) ? statSync(script).mtimeMs : 0)
  return newest > builtAt ? `${bundle.output}/ is older than ${bundle.source}/` : null
}

/** The latest modification time of a file under dir that a build reads (tests are not compiled or bundled). */
function newestSource(dir) {
  let newest = 0
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(path))
    else if (!entry.name.endsWith('.test.ts')) newest = Math.max(newest, statSync(path).mtimeMs)
  }
  return newest
}

/** When the oldest file of a build folder was written (each build rewrites them all); null when there is none. */
function oldestFile(dir) {
  if (!existsSync(dir)) return null
  let oldest = null
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    const at = entry.isDirectory() ? oldestFile(path) : statSync(path).mtimeMs
    if (at !== null) oldest = oldest === null ? at : Math.min(oldest, at)
  }
  return oldest
}
