// Which file `keyport` runs: dist/cli.js, unless src/ sits beside it (a source checkout) and holds a file newer than
// the build, or there is no build yet. Plain JavaScript, so it runs before anything is compiled.
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

/** The latest modification time of a file under dir that the build reads (tests are not compiled). */
function newestSource(dir) {
  let newest = 0
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(path))
    else if (!entry.name.endsWith('.test.ts')) newest = Math.max(newest, statSync(path).mtimeMs)
  }
  return newest
}
