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

  it('allows again once the window has passed, and keeps only the current window', () => {
    const { clock, counter: c } = counter(2)
    takeMany(c, 'ws_a', 3)
    expect(c.take('ws_a')).toBe(1)
    clock.now += 599 // 10:00:00.999, same window
    expect(c.take('ws_a')).toBe(1)
    clock.now += 1 // 10:00:01.000
    expect(c.take('ws_a')).toBe(0)
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
