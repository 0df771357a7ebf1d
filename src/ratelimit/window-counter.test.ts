import { describe, expect, it } from 'vitest'
import { WindowCounter } from './window-counter.js'

function counter(limit: number) {
  const clock = { now: Date.parse('2026-12-01T10:00:00.400Z') }
  return { clock, counter: new WindowCounter('ws', limit, () => clock.now) }
}

function takeMany(c: WindowCounter, key: string, n: number): number[] {
  return Array.from({ length: n }, () => c.take(key))
}

describe('WindowCounter', () => {
  it('allows `limit` requests per key in a window, then answers the whole seconds to wait', () => {
    const { counter: c } = counter(3)
    expect(takeMany(c, 'ws_a', 5)).toEqual([0, 0, 0, 1, 1])
    // Another key has its own budget.
    expect(c.take('ws_b')).toBe(0)
  })

  it('carries the previous window into the next in proportion to its part of the last second', () => {
    const { clock, counter: c } = counter(10)
    clock.now = Date.parse('2026-12-01T10:00:00.900Z')
    expect(takeMany(c, 'ws_a', 11)).toEqual([...Array(10).fill(0), 1])
    // 10:00:01.100: the last second still holds 90 % of the previous window, 9 of its 10, so 1 more goes through
    // (fixed windows would have allowed 10 more: 20 in 200 ms).
    clock.now += 200
    expect(takeMany(c, 'ws_a', 3)).toEqual([0, 1, 1])
    // 10:00:01.600: 40 % of it, 4, plus the 1 taken at .100: 5 more.
    clock.now += 500
    expect(takeMany(c, 'ws_a', 6)).toEqual([0, 0, 0, 0, 0, 1])
    // 10:00:02.000: only window 1 (6 taken) carries, in full.
    clock.now += 400
    expect(takeMany(c, 'ws_a', 5)).toEqual([0, 0, 0, 0, 1])
  })

  it('forgets a window more than one window old, and keeps only the current one', () => {
    const { clock, counter: c } = counter(2)
    takeMany(c, 'ws_a', 3)
    expect(c.take('ws_a')).toBe(1)
    clock.now += 599 // 10:00:00.999, same window
    expect(c.take('ws_a')).toBe(1)
    clock.now += 2001 // 10:00:03.000: window 0 is two windows back and carries nothing
    expect(takeMany(c, 'ws_a', 3)).toEqual([0, 0, 1])
    expect([...c.current().counts.keys()]).toEqual(['ws_a'])
    clock.now += 5000
    expect(c.current().counts.size).toBe(0) // old keys dropped
  })

  it('never limits at 0', () => {
    const { counter: c } = counter(0)
    expect(takeMany(c, 'ws_a', 10_000).every((r) => r === 0)).toBe(true)
  })

  it('refuses on the shared total plus what this node has not sent yet', () => {
    const { counter: c } = counter(10)
    expect(c.take('ws_a')).toBe(0)
    const count = c.current().counts.get('ws_a')!
    // Redis answered 8 for this window (other nodes' requests and this one's first, already sent).
    count.unsent = 0
    count.global = 8
    expect(takeMany(c, 'ws_a', 3)).toEqual([0, 0, 1])
  })
})
