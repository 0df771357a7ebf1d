/**
 * When to try again. Delays after each failed attempt, ±20 % jitter so a recovering receiver is not hit by every
 * node at the same second. Eleven attempts spread over about 3.1 days; then the delivery is `failed` (it can still
 * be retried by hand, and the event stays in GET /v1/events).
 */
export const RETRY_DELAYS_MS: readonly number[] = [
  5_000,
  60_000,
  5 * 60_000,
  30 * 60_000,
  2 * 3_600_000,
  5 * 3_600_000,
  10 * 3_600_000,
  14 * 3_600_000,
  20 * 3_600_000,
  24 * 3_600_000,
]

export const MAX_ATTEMPTS = RETRY_DELAYS_MS.length + 1

/** An endpoint with no successful attempt for this long is disabled (a 410 disables it at once). */
export const DISABLE_AFTER_MS = 5 * 24 * 3_600_000

const MAX_RETRY_AFTER_MS = 24 * 3_600_000

/** Delay before the next attempt after `attempts` failures, or null when the schedule is used up. */
export function retryDelay(attempts: number, random: () => number = Math.random): number | null {
  const base = RETRY_DELAYS_MS[attempts - 1]
  if (base === undefined) return null
  return Math.round(base * (0.8 + 0.4 * random()))
}

/** RFC 9110 §10.2.3 Retry-After: delay-seconds or an HTTP-date. Bounded to 1 s … 24 h; null when absent or bad. */
export function parseRetryAfter(value: string | undefined, now: Date): number | null {
  if (!value) return null
  const trimmed = value.trim()
  let ms: number
  if (/^\d+$/.test(trimmed)) ms = Number(trimmed) * 1000
  else {
    const at = Date.parse(trimmed)
    if (Number.isNaN(at)) return null
    ms = at - now.getTime()
  }
  return Math.min(Math.max(ms, 1000), MAX_RETRY_AFTER_MS)
}
