import { describe, expect, it } from 'vitest'
import {
  MAX_LIFETIME_SECONDS,
  parseTimestamp,
  readStoredTimestamp,
  timestampAfter,
} from './timestamps.js'

describe('parseTimestamp', () => {
  it('reads RFC 3339 date-times in the years 0001–9999, offsets applied', () => {
    expect(parseTimestamp('2026-12-03T18:00:00Z')?.toISOString()).toBe('2026-12-03T18:00:00.000Z')
    expect(parseTimestamp('2024-02-29T00:00:00.5+05:30')?.toISOString()).toBe(
      '2024-02-28T18:30:00.500Z',
    )
    expect(parseTimestamp('0099-01-01T00:00:00Z')?.toISOString()).toBe('0099-01-01T00:00:00.000Z')
  })

  it.each([
    '+010000-01-01T00:00:00Z',
    '-000001-01-01T00:00:00Z',
    '0000-12-31T23:59:59Z',
    '0001-01-01T00:30:00+01:00',
    '2026-13-01T00:00:00Z',
    '2026-00-01T00:00:00Z',
    '2100-02-29T00:00:00Z',
    '2026-06-31T00:00:00Z',
    '2026-06-00T00:00:00Z',
    '2026-06-01T24:00:00Z',
    '2026-06-01T00:60:00Z',
    '2016-12-31T23:59:60Z',
    '2026-06-01T00:00:00+00:60',
    '2026-06-01T00:00:00',
    '2026-06-01',
    ' 2026-06-01T00:00:00Z',
    '2026-06-01T00:00:00Z\n',
    '２０２６-06-01T00:00:00Z',
  ])('refuses %j', (text) => {
    expect(parseTimestamp(text)).toBeNull()
  })
})

describe('timestampAfter', () => {
  const now = new Date('2026-01-01T00:00:00Z')
  it('caps a lifetime at ten years and ignores what is not a positive finite number', () => {
    expect(timestampAfter(now, 3600)).toBe('2026-01-01T01:00:00.000Z')
    const capped = new Date(now.getTime() + MAX_LIFETIME_SECONDS * 1000).toISOString()
    for (const huge of [1e12, 1e300, Number.MAX_VALUE, Infinity]) {
      expect(timestampAfter(now, huge)).toBe(huge === Infinity ? null : capped)
    }
    for (const none of [0, -1, -Infinity, NaN]) expect(timestampAfter(now, none)).toBeNull()
  })
})

describe('readStoredTimestamp', () => {
  it('passes canonical values and brings the rest into range', () => {
    expect(readStoredTimestamp('2026-01-01T00:00:00.000Z')).toBe('2026-01-01T00:00:00.000Z')
    expect(readStoredTimestamp(null)).toBeNull()
    expect(readStoredTimestamp('+275760-09-13T00:00:00.000Z')).toBe('9999-12-31T23:59:59.999Z')
    expect(readStoredTimestamp('-000001-01-01T00:00:00.000Z')).toBe('0001-01-01T00:00:00.000Z')
    expect(readStoredTimestamp('0000-01-01T00:00:00.000Z')).toBe('0001-01-01T00:00:00.000Z')
    expect(readStoredTimestamp('2026-01-01T00:00:00Z')).toBe('2026-01-01T00:00:00.000Z')
    expect(readStoredTimestamp('not a date')).toBeNull()
  })
})
