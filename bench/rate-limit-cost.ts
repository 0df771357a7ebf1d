// Cost of the rate-limit check on the request path (WindowCounter.take), in microseconds, in-process: a workspace
// id looked up among 1,000 active ones, the real clock, a limit never reached. Run: npx tsx bench/rate-limit-cost.ts
import { WindowCounter } from '../src/ratelimit/index.js'

export interface RateLimitCost {
  takeMicros: number
  iterations: number
}

export function measureRateLimitCost(iterations = 2_000_000): RateLimitCost {
  const counter = new WindowCounter('ws', Number.MAX_SAFE_INTEGER, Date.now)
  const keys = Array.from({ length: 1000 }, (_, i) => `ws_01JBENCH${String(i).padStart(16, '0')}`)
  let refused = 0
  for (let i = 0; i < 200_000; i++) refused += counter.take(keys[i % keys.length]!) // warm the JIT
  const start = process.hrtime.bigint()
  for (let i = 0; i < iterations; i++) refused += counter.take(keys[i % keys.length]!)
  const takeMicros = Number(process.hrtime.bigint() - start) / 1000 / iterations
  if (refused !== 0) throw new Error('the bench limit was reached')
  return { takeMicros: Math.round(takeMicros * 1000) / 1000, iterations }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(measureRateLimitCost())
}
