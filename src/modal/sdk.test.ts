import { runInNewContext } from 'node:vm'
import { gzipSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { buildEmbedScripts } from './sdk.js'

// The built embed script (modal/src/sdk.ts → dist/modal/browser, built by the test setup) as the server serves it.
describe('embed script', () => {
  const scripts = buildEmbedScripts('https://keyport.example.com/some/path')

  it('stays under 5 KB gzipped and carries the public origin in place of the placeholder', () => {
    expect(scripts.gzippedBytes).toBe(gzipSync(scripts.classic).length)
    expect(scripts.gzippedBytes).toBeLessThan(5 * 1024)
    expect(gzipSync(scripts.module).length).toBeLessThan(5 * 1024)
    for (const source of [scripts.classic, scripts.module]) {
      expect(source).toContain('https://keyport.example.com')
      expect(source).not.toContain('/some/path')
      expect(source).not.toContain('__KEYPORT_ORIGIN__')
      expect(source).not.toContain('not built')
    }
  })

  it('is dependency-free: the classic script loads nothing and sets only window.Keyport', () => {
    expect(scripts.classic).not.toMatch(/\bimport\b|\brequire\(/)
    const window: Record<string, unknown> = {}
    const context: Record<string, unknown> = { window }
    runInNewContext(scripts.classic, context)
    expect(Object.keys(context)).toEqual(['window'])
    expect(Object.keys(window)).toEqual(['Keyport'])
    const keyport = window.Keyport as { connect: unknown; origin: string }
    expect(keyport.origin).toBe('https://keyport.example.com')
    expect(typeof keyport.connect).toBe('function')
  })

  it('exports Keyport, connect and a default from the module, importing nothing', async () => {
    expect(scripts.module).not.toMatch(/^\s*import\b/m)
    const url = `data:text/javascript;base64,${Buffer.from(scripts.module).toString('base64')}`
    const module = (await import(url)) as Record<string, { origin?: string } | undefined>
    expect(Object.keys(module).sort()).toEqual(['Keyport', 'connect', 'default'])
    expect(module.default).toBe(module.Keyport)
    expect(module.Keyport?.origin).toBe('https://keyport.example.com')
  })
})
