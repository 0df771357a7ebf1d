import { randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { parseKeyring } from './keyring.js'
import { kidOf, open, rewrap, seal, SealError, type Sealed, type SealContext } from './seal.js'

const spec = (kid: string) => `${kid}:${randomBytes(32).toString('base64')}`
const k1 = spec('k1')
const k2 = spec('k2')
const keyring = parseKeyring(k1)
const context: SealContext = {
  workspaceId: 'ws_a',
  table: 'credential',
  rowId: 'cred_1',
  column: 'secret_sealed',
}

describe('seal/open', () => {
  it('round-trips text, including empty and non-ASCII values', () => {
    for (const value of ['', 'sk_live_abc', 'ünïcødé ✓ 鍵', 'x'.repeat(100_000)]) {
      expect(open(keyring, seal(keyring, value, context), context)).toBe(value)
    }
  })

  it('writes the self-describing kp1 format with the KEK id, and a fresh data key and IV every time', () => {
    const a = seal(keyring, 'same', context)
    const b = seal(keyring, 'same', context)
    expect(a).toMatch(/^kp1\.k1\.[A-Za-z0-9_-]{80}\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]+$/)
    expect(a).not.toBe(b)
    expect(a.split('.')[2]).not.toBe(b.split('.')[2])
    expect(kidOf(a)).toBe('k1')
  })

  it.each([
    ['another row', { rowId: 'cred_2' }],
    ['another column', { column: 'other_sealed' }],
    ['another table', { table: 'oauth_client' }],
    ['another workspace', { workspaceId: 'ws_b' }],
  ])('does not open when moved to %s', (_, change) => {
    const sealed = seal(keyring, 'secret', context)
    expect(() => open(keyring, sealed, { ...context, ...change })).toThrow(SealError)
  })

  it('fails on every single-bit flip of every part', () => {
    const sealed = seal(keyring, 'bit flips', context)
    const parts = sealed.split('.')
    for (const index of [2, 3, 4]) {
      const bytes = Buffer.from(parts[index]!, 'base64url')
      for (let bit = 0; bit < bytes.length * 8; bit++) {
        const flipped = Buffer.from(bytes)
        flipped[bit >> 3]! ^= 1 << (bit & 7)
        const copy = [...parts]
        copy[index] = flipped.toString('base64url')
        expect(
          () => open(keyring, copy.join('.') as Sealed, context),
          `part ${index} bit ${bit}`,
        ).toThrow(SealError)
      }
    }
  })

  it('fails on every truncation and on a shortened tag', () => {
    const sealed = seal(keyring, 'truncate me', context)
    for (let length = 0; length < sealed.length; length++) {
      expect(() => open(keyring, sealed.slice(0, length) as Sealed, context)).toThrow(SealError)
    }
    const parts = sealed.split('.')
    const body = Buffer.from(parts[4]!, 'base64url')
    parts[4] = body.subarray(0, body.length - 4).toString('base64url') // a 12-byte tag must not be accepted
    expect(() => open(keyring, parts.join('.') as Sealed, context)).toThrow(SealError)
  })

  it('opens with any configured KEK, seals with the first, and says which key is missing', () => {
    const old = parseKeyring(k1)
    const sealedOld = seal(old, 'from before', context)
    const both = parseKeyring(`${k2},${k1}`)
    expect(open(both, sealedOld, context)).toBe('from before')
    expect(kidOf(seal(both, 'new', context))).toBe('k2')
    expect(() => open(parseKeyring(k2), sealedOld, context)).toThrow(/key "k1".*not configured/)
  })

  it('rewraps under the primary KEK without touching the ciphertext, and the result opens without the old key', () => {
    const sealedOld = seal(parseKeyring(k1), 'rotate me', context)
    const both = parseKeyring(`${k2},${k1}`)
    const rewrapped = rewrap(both, sealedOld, context)
    expect(kidOf(rewrapped)).toBe('k2')
    expect(rewrapped.split('.').slice(3)).toEqual(sealedOld.split('.').slice(3))
    expect(open(parseKeyring(k2), rewrapped, context)).toBe('rotate me')
    expect(rewrap(both, rewrapped, context)).toBe(rewrapped)
  })

  it('rejects a key of the wrong size or a malformed spec without echoing key material', () => {
    const short = `k1:${randomBytes(16).toString('base64')}`
    expect(() => parseKeyring(short)).toThrow(/32 bytes/)
    try {
      parseKeyring(short)
    } catch (error) {
      expect((error as Error).message).not.toContain(short.slice(3))
    }
    expect(() => parseKeyring('nocolon')).toThrow(/kid:base64key/)
    expect(() => parseKeyring(`${k1},${k1}`)).toThrow(/appears twice/)
  })
})
