// Rate limiting: one-second sliding-window estimates per key, counted in-process and, with KEYPORT_REDIS_URL,
// shared across nodes by a background push every ~100 ms. Redis holds counters, never data: while it is
// unreachable each node limits on its own counts. Must not: await or touch Redis on the request path, or know
// about HTTP (src/api renders the 429).
export { createRateLimits, type RateLimitOptions, type RateLimits } from './limits.js'
export { type SyncLog } from './redis-sync.js'
export { WindowCounter } from './window-counter.js'
