import { describe, expect, it } from 'vitest'
import { RENEWED_TOKEN_TYPES } from '../store/index.js'
import { authScheme, mintingTypes } from './index.js'

describe('auth scheme registry', () => {
  it('lists every minting type among the types whose expires_at Keyport renews (so no sweep lapses them)', () => {
    expect(mintingTypes().length).toBeGreaterThan(0)
    for (const type of mintingTypes()) expect(RENEWED_TOKEN_TYPES).toContain(type)
  })

  it('gives plain key types no behaviour', () => {
    for (const type of ['api_key', 'basic', 'custom', 'unknown'])
      expect(Object.keys(authScheme(type))).toEqual([])
  })
})
