// Which file `keyport` runs: the compiled build, except in a source checkout whose build is missing or stale.
import { mkdirSync, mkdtempSync, utimesSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { describe, expect, it } from 'vitest'
import { chooseEntry } from '../bin/entry.js'

function tree(files: Record<string, number>): URL {
  const root = mkdtempSync(join(tmpdir(), 'keyport-entry-'))
  for (const [path, mtime] of Object.entries(files)) {
    const file = join(root, path)
    mkdirSync(join(file, '..'), { recursive: true })
    writeFileSync(file, '')
    utimesSync(file, mtime, mtime)
  }
  return pathToFileURL(`${root}/`)
}

describe('chooseEntry', () => {
  it('runs dist/cli.js in an installed package (no src/)', () => {
    const root = tree({ 'dist/cli.js': 1000 })
    expect(chooseEntry(root)).toEqual({ kind: 'compiled', url: new URL('dist/cli.js', root) })
  })

  it('runs dist/cli.js in a checkout whose build is newer than every source', () => {
    const root = tree({ 'dist/cli.js': 2000, 'src/cli.ts': 1000, 'src/store/users.ts': 1500 })
    expect(chooseEntry(root).kind).toBe('compiled')
  })

  it('runs the sources when one of them, at any depth, is newer than the build', () => {
    const root = tree({
      'dist/cli.js': 2000,
      'src/cli.ts': 1000,
      'src/modal/assets/modal.js': 2500,
    })
    expect(chooseEntry(root)).toEqual({
      kind: 'sources',
      url: new URL('src/cli.ts', root),
      reason: 'dist/ is older than src/',
    })
  })

  it('runs the sources when nothing is built', () => {
    const root = tree({ 'src/cli.ts': 1000 })
    expect(chooseEntry(root)).toMatchObject({ kind: 'sources', reason: 'dist/ is not built' })
  })

  it('ignores tests, which the build does not compile', () => {
    const root = tree({ 'dist/cli.js': 2000, 'src/cli.ts': 1000, 'src/ids.test.ts': 3000 })
    expect(chooseEntry(root).kind).toBe('compiled')
  })
})
