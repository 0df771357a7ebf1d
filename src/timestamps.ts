// Timestamps as Keyport stores and serves them: ISO 8601 UTC strings with milliseconds, years 0001–9999. Anything
// outside that range has no four-digit text form ("+010000-…", "-000001-…"): it breaks the JSON serializer's
// date-time check and the text ordering every expiry query relies on, so it must never be written.

export const MIN_TIMESTAMP = '0001-01-01T00:00:00.000Z'
export const MAX_TIMESTAMP = '9999-12-31T23:59:59.999Z'
const MIN_MS = Date.parse(MIN_TIMESTAMP)
const MAX_MS = Date.parse(MAX_TIMESTAMP)

/** The longest lifetime Keyport takes from a provider's `expires_in` (or anything else counted in seconds). */
export const MAX_LIFETIME_SECONDS = 10 * 365 * 86_400

// RFC 3339 §5.6 date-time; the ranges of each part are checked below, not by the pattern.
const RFC3339 =
  /^(\d{4})-(\d\d)-(\d\d)[Tt](\d\d):(\d\d):(\d\d)(?:\.(\d{1,9}))?(?:([Zz])|([+-])(\d\d):(\d\d))$/

function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28
  return [4, 6, 9, 11].includes(month) ? 30 : 31
}

/**
 * A strict RFC 3339 date-time whose instant falls in the years 0001–9999 UTC, or null. Refuses what `Date.parse`
 * accepts too readily: expanded years, month 13, February 30, hour 24, a leap second (Date cannot hold one),
 * offsets past ±23:59, and any other spelling.
 */
export function parseTimestamp(text: string): Date | null {
  const m = RFC3339.exec(text)
  if (!m) return null
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ]
  const offsetHours = m[10] === undefined ? 0 : Number(m[10])
  const offsetMinutes = m[11] === undefined ? 0 : Number(m[11])
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null
  if (hour > 23 || minute > 59 || second > 59 || offsetHours > 23 || offsetMinutes > 59) return null
  const at = new Date(0)
  // setUTCFullYear, not Date.UTC: Date.UTC reads the years 0–99 as 1900–1999.
  at.setUTCFullYear(year, month - 1, day)
  at.setUTCHours(hour, minute, second, Number((m[7] ?? '0').padEnd(3, '0').slice(0, 3)))
  const sign = m[9] === '-' ? -1 : 1
  const ms = at.getTime() - sign * (offsetHours * 60 + offsetMinutes) * 60_000
  return ms >= MIN_MS && ms <= MAX_MS ? new Date(ms) : null
}

/** For ajv's `date-time` format: every timestamp a request carries, in a body or a query string. */
export function isTimestamp(text: string): boolean {
  return parseTimestamp(text) !== null
}

/**
 * `now` plus a lifetime in seconds taken from outside (a provider's `expires_in`), as stored text: at most
 * MAX_LIFETIME_SECONDS ahead; null when the lifetime is not a positive finite number (no known expiry).
 */
export function timestampAfter(now: Date, seconds: number): string | null {
  if (!Number.isFinite(seconds) || seconds <= 0) return null
  return new Date(now.getTime() + Math.min(seconds, MAX_LIFETIME_SECONDS) * 1000).toISOString()
}

const CANONICAL = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/

/**
 * A stored timestamp as it may be served: a canonical value as it is (the common case, one regular expression),
 * anything else brought into range — a far future to the last instant, a far past to the first, unreadable text to
 * null — so one bad row written by an older version can never break a listing.
 */
export function readStoredTimestamp(value: string | null): string | null {
  if (value === null || (CANONICAL.test(value) && !value.startsWith('0000'))) return value
  const ms = Date.parse(value)
  if (Number.isNaN(ms)) return null
  if (ms > MAX_MS) return MAX_TIMESTAMP
  if (ms < MIN_MS) return MIN_TIMESTAMP
  return new Date(ms).toISOString()
}
