import { describe, expect, it } from 'vitest'
import { REDACTED, redactSecrets } from './redact.js'

describe('redactSecrets', () => {
  const key = 'sk_live/abc+def"ghi'
  it('redacts a secret as is, percent-encoded and JSON-escaped, and the longer value holding it whole', () => {
    const text = [
      `Bearer ${key}`,
      encodeURIComponent(key),
      JSON.stringify({ k: key }),
      'unrelated sk_live',
    ].join('\n')
    const out = redactSecrets(text, [key, `Bearer ${key}`])
    expect(out).not.toContain('abc+def')
    expect(out).not.toContain(encodeURIComponent('abc+def'))
    expect(out.split('\n')).toEqual([
      REDACTED,
      REDACTED,
      `{"k":"${REDACTED}"}`,
      'unrelated sk_live',
    ])
  })

  it('leaves values too short to be a credential alone', () => {
    expect(redactSecrets('a b c', ['a', 'b'])).toBe('a b c')
  })
})
