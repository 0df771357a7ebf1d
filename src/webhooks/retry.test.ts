import { describe, expect, it } from 'vitest'
import { MAX_ATTEMPTS, RETRY_DELAYS_MS, parseRetryAfter, retryDelay } from './retry.js'

describe('retry schedule', () => {
  it('spreads eleven attempts over about three days', () => {
    const total = RETRY_DELAYS_MS.reduce((a, b) => a + b, 0)
    expect(total / 86_400_000).toBeGreaterThan(2.5)
    expect(total / 86_400_000).toBeLessThan(3.5)
    expect(MAX_ATTEMPTS).toBe(11)
  })

  it('jitters each delay within ±20 % and stops after the last', () => {
    expect(retryDelay(1, () => 0)).toBe(4000)
    expect(retryDelay(1, () => 1)).toBe(6000)
    expect(retryDelay(10, () => 0.5)).toBe(24 * 3_600_000)
    expect(retryDelay(11)).toBeNull()
  })

  it('reads Retry-After as seconds or a date, bounded', () => {
    const now = new Date('2026-01-01T00:00:00Z')
    expect(parseRetryAfter('120', now)).toBe(120_000)
    expect(parseRetryAfter('0', now)).toBe(1000)
    expect(parseRetryAfter('999999999', now)).toBe(24 * 3_600_000)
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:10:00 GMT', now)).toBe(600_000)
    expect(parseRetryAfter('soon', now)).toBeNull()
    expect(parseRetryAfter(undefined, now)).toBeNull()
  })
})
