import { describe, expect, it } from 'vitest'
import { meetsConditions, readJSONPath } from './conditions.js'

describe('readJSONPath', () => {
  it('walks objects and array indexes and returns undefined for missing steps', () => {
    const json = { a: { b: [{ c: 1 }] }, ok: false }
    expect(readJSONPath(json, 'a.b.0.c')).toBe(1)
    expect(readJSONPath(json, 'ok')).toBe(false)
    expect(readJSONPath(json, 'a.x.y')).toBeUndefined()
    expect(readJSONPath('text', 'a')).toBeUndefined()
  })
})

describe('meetsConditions', () => {
  it('compares scalars strictly', () => {
    expect(meetsConditions({ ok: true }, { ok: true })).toBe(true)
    expect(meetsConditions({ ok: 'true' }, { ok: true })).toBe(false)
    expect(
      meetsConditions({ ok: false, error: 'invalid_auth' }, { ok: false, error: 'invalid_auth' }),
    ).toBe(true)
    expect(
      meetsConditions({ ok: false, error: 'ratelimited' }, { ok: false, error: 'invalid_auth' }),
    ).toBe(false)
  })
  it('checks presence with { exists }', () => {
    expect(meetsConditions({ errors: [{ message: 'x' }] }, { errors: { exists: true } })).toBe(true)
    expect(meetsConditions({ data: {} }, { errors: { exists: true } })).toBe(false)
    expect(meetsConditions({ data: { viewer: null } }, { 'data.viewer': { exists: false } })).toBe(
      true,
    )
  })
})
