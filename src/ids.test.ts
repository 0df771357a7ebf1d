import { describe, expect, it } from 'vitest'
import { newId, randomToken } from './ids.js'

describe('ids', () => {
  it('are prefixed, sortable by time and unique across pool refills', () => {
    const ids = Array.from({ length: 2000 }, (_, i) => newId('cred', 1_700_000_000_000 + i))
    expect(ids.every((id) => /^cred_[0-9a-hjkmnp-tv-z]{26}$/.test(id))).toBe(true)
    expect([...ids].sort()).toEqual(ids)
    expect(new Set(ids).size).toBe(ids.length)
    const sameMs = Array.from({ length: 2000 }, () => newId('req', 1))
    expect(new Set(sameMs).size).toBe(sameMs.length)
  })

  it('sort in the order they were made within one millisecond (the random part counts up, carrying)', () => {
    const at = Date.now() + 60_000
    const ids = Array.from({ length: 5000 }, () => newId('usr', at))
    expect([...ids].sort()).toEqual(ids)
    expect(new Set(ids).size).toBe(ids.length)
    expect(newId('usr', at + 1) > ids.at(-1)!).toBe(true)
  })

  it('makes 256-bit bearer secrets', () => {
    const token = randomToken('kp')
    expect(token).toMatch(/^kp_[A-Za-z0-9_-]{43}$/)
    expect(Buffer.from(token.slice(3), 'base64url')).toHaveLength(32)
  })
})
