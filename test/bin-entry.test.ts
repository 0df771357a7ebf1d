// Which file `keyport` runs: the compiled build, except in a source checkout whose build is missing or stale; and
// which browser bundles a source checkout rebuilds first.
import { mkdirSync, mkdtempSync, utimesSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { describe, expect, it } from 'vitest'
import { chooseEntry, staleBundles } from '../bin/entry.js'

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
      'src/modal/assets/modal.css': 2500,
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

describe('staleBundles', () => {
  const consoleBuilt = (at: number) => ({
    'dist/console-ui/index.html': at,
    'dist/console-ui/assets/index-abc.js': at,
  })
  const built = (at: number) => ({
    ...consoleBuilt(at),
    'dist/modal/browser/modal.js': at,
    'dist/modal/browser/sdk.js': at,
  })
  const sources = (at: number) => ({
    'console/src/main.ts': at,
    'modal/src/modal/main.ts': at,
    'scripts/build-console.mjs': at,
    'scripts/build-modal.mjs': at,
  })
  const names = (root: URL) => staleBundles(root).map(({ name, reason }) => ({ name, reason }))

  it('builds nothing in an installed package (no console/ or modal/ sources)', () => {
    expect(names(tree({ 'dist/cli.js': 1000, 'dist/modal/browser/modal.js': 1000 }))).toEqual([])
  })

  it('builds nothing when every bundle is newer than its sources and build script', () => {
    expect(names(tree({ ...sources(1000), ...built(2000) }))).toEqual([])
  })

  it('builds a bundle that is missing', () => {
    expect(names(tree({ ...sources(1000), ...consoleBuilt(2000) }))).toEqual([
      { name: 'modal', reason: 'dist/modal/browser/ is not built' },
    ])
  })

  it('rebuilds the bundle whose source, at any depth, is newer than its oldest built file', () => {
    const root = tree({
      ...sources(1000),
      ...built(2000),
      'dist/modal/browser/sdk.js': 1500,
      'modal/src/modal/picker.ts': 1800,
    })
    expect(names(root)).toEqual([
      { name: 'modal', reason: 'dist/modal/browser/ is older than modal/' },
    ])
  })

  it('rebuilds after its build script changed', () => {
    const root = tree({ ...sources(1000), ...built(2000), 'scripts/build-console.mjs': 2500 })
    expect(names(root)).toEqual([
      { name: 'console', reason: 'dist/console-ui/ is older than console/' },
    ])
  })

  it('ignores tests and leaves src/ to chooseEntry', () => {
    const root = tree({
      ...sources(1000),
      ...built(2000),
      'console/src/format.test.ts': 3000,
      'src/cli.ts': 3000,
    })
    expect(names(root)).toEqual([])
  })
})
