// Sharing counts through a real Redis: KEYPORT_TEST_REDIS_URL (CI sets it) for the shared budget, and a
// redis-server of the test's own, stopped and started again, for the outage. Each test uses its own key prefix.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { Redis } from 'ioredis'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { freePort } from '../../test/support/ports.js'
import { createRateLimits, type RateLimits } from './limits.js'

const REDIS_URL = process.env.KEYPORT_TEST_REDIS_URL
const HAS_REDIS_SERVER = spawnSync('redis-server', ['--version']).status === 0
const NOW = Date.parse('2026-12-01T10:00:00.300Z')
const WINDOW = Math.floor(NOW / 1000)

function capturingLog() {
  return { warn: vi.fn(), info: vi.fn() }
}

function takeMany(limits: RateLimits, key: string, n: number): number[] {
  return Array.from({ length: n }, () => limits.workspace.take(key))
}

const open: RateLimits[] = []
function node(
  redisURL: string,
  options: { prefix: string; log?: ReturnType<typeof capturingLog> },
) {
  const limits = createRateLimits({
    workspace: 10,
    connectToken: 3,
    redisURL,
    log: options.log ?? capturingLog(),
    now: () => NOW,
    redisKeyPrefix: options.prefix,
    syncIntervalMs: 0, // the test pushes with flush()
  })
  open.push(limits)
  return limits
}

afterEach(async () => {
  await Promise.all(open.splice(0).map((l) => l.close()))
})

describe.skipIf(!REDIS_URL)('rate limits shared through Redis', () => {
  it('two nodes share one budget: together they are refused after ~limit requests', async () => {
    const prefix = `keyport:rltest:${randomBytes(6).toString('hex')}:`
    const a = node(REDIS_URL!, { prefix })
    const b = node(REDIS_URL!, { prefix })
    await vi.waitFor(() => expect(a.sharing && b.sharing).toBe(true))

    // 6 + 6: each node alone is under its limit of 10.
    expect(takeMany(a, 'ws_shared', 6)).toEqual([0, 0, 0, 0, 0, 0])
    expect(takeMany(b, 'ws_shared', 6)).toEqual([0, 0, 0, 0, 0, 0])
    await a.flush()
    await b.flush() // b learns 12
    await a.flush() // a reads 12 back
    expect(a.workspace.take('ws_shared')).toBe(1)
    expect(b.workspace.take('ws_shared')).toBe(1)
    // Another workspace has its own budget on both nodes.
    expect(a.workspace.take('ws_other')).toBe(0)
    expect(b.workspace.take('ws_other')).toBe(0)

    const redis = new Redis(REDIS_URL!)
    try {
      const key = `${prefix}ws:ws_shared:${WINDOW}`
      expect(await redis.get(key)).toBe('12')
      expect(await redis.pttl(key)).toBeGreaterThan(0) // dropped by Redis after its window
    } finally {
      redis.disconnect()
    }
  })

  it('keeps counting locally through command errors and sends the counts once Redis accepts them', async () => {
    const prefix = `keyport:rltest:${randomBytes(6).toString('hex')}:`
    const log = capturingLog()
    const a = node(REDIS_URL!, { prefix, log })
    await vi.waitFor(() => expect(a.sharing).toBe(true))
    const key = `${prefix}ws:ws_a:${WINDOW}`
    const redis = new Redis(REDIS_URL!)
    try {
      await redis.set(key, 'not a number') // INCRBY on it errors
      expect(takeMany(a, 'ws_a', 4)).toEqual([0, 0, 0, 0])
      await a.flush()
      await a.flush()
      expect(log.warn).toHaveBeenCalledTimes(1)
      expect(takeMany(a, 'ws_a', 7)).toEqual([0, 0, 0, 0, 0, 0, 1]) // still 10 in all
      await redis.del(key)
      await a.flush()
      expect(await redis.get(key)).toBe('10')
      expect(log.info).toHaveBeenCalledTimes(1)
    } finally {
      redis.disconnect()
    }
  })

  it('keys a connect token by the hash it is given, in its own scope', async () => {
    const prefix = `keyport:rltest:${randomBytes(6).toString('hex')}:`
    const a = node(REDIS_URL!, { prefix })
    await vi.waitFor(() => expect(a.sharing).toBe(true))
    expect(a.connectToken.take('abc123')).toBe(0)
    await a.flush()
    const redis = new Redis(REDIS_URL!)
    try {
      expect(await redis.keys(`${prefix}*`)).toEqual([`${prefix}ct:abc123:${WINDOW}`])
    } finally {
      redis.disconnect()
    }
  })
})

describe('rate limits without a reachable Redis', () => {
  it('limits locally, never throws, and warns once without the URL or its password', async () => {
    const port = await freePort() // nothing listens there
    const log = capturingLog()
    const limits = createRateLimits({
      workspace: 3,
      connectToken: 3,
      redisURL: `redis://:hunter2-secret@127.0.0.1:${port}`,
      log,
      now: () => NOW,
    })
    open.push(limits)
    expect(takeMany(limits, 'ws_a', 4)).toEqual([0, 0, 0, 1])
    await limits.flush()
    await vi.waitFor(() => expect(log.warn).toHaveBeenCalled())
    // Several reconnection attempts later, still the one warning.
    await new Promise((r) => setTimeout(r, 1000))
    expect(log.warn).toHaveBeenCalledTimes(1)
    expect(JSON.stringify(log.warn.mock.calls)).not.toContain('hunter2')
    expect(log.warn.mock.calls[0]![0]).toMatchObject({ redis: `127.0.0.1:${port}` })
    expect(limits.sharing).toBe(false)
  })

  describe.skipIf(!HAS_REDIS_SERVER)('when Redis goes away and comes back', () => {
    let server: ChildProcess | null = null
    afterEach(() => void server?.kill('SIGKILL'))

    async function startRedis(port: number): Promise<ChildProcess> {
      const child = spawn(
        'redis-server',
        ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
        { stdio: 'ignore' },
      )
      const probe = new Redis(port, '127.0.0.1', { lazyConnect: true, retryStrategy: () => 50 })
      probe.on('error', () => {}) // refused until the server listens; the ping below is the check
      try {
        await vi.waitFor(async () => expect(await probe.ping()).toBe('PONG'), { timeout: 10_000 })
      } finally {
        probe.disconnect()
      }
      return child
    }

    it('keeps limiting locally meanwhile and shares again after reconnecting by itself', async () => {
      const port = await freePort()
      server = await startRedis(port)
      const log = capturingLog()
      const prefix = `keyport:rltest:${randomBytes(6).toString('hex')}:`
      const a = node(`redis://127.0.0.1:${port}`, { prefix, log })
      await vi.waitFor(() => expect(a.sharing).toBe(true))

      server.kill('SIGKILL')
      await vi.waitFor(() => expect(log.warn).toHaveBeenCalledTimes(1))
      expect(takeMany(a, 'ws_a', 11)).toEqual([...Array(10).fill(0), 1])
      await a.flush() // nothing to push to: a no-op, not an error

      server = await startRedis(port)
      await vi.waitFor(() => expect(a.sharing).toBe(true), { timeout: 10_000 })
      expect(log.info).toHaveBeenCalledTimes(1)
      await a.flush() // the counts made during the outage go out now
      const redis = new Redis(port, '127.0.0.1')
      try {
        expect(await redis.get(`${prefix}ws:ws_a:${WINDOW}`)).toBe('10')
      } finally {
        redis.disconnect()
      }
      expect(log.warn).toHaveBeenCalledTimes(1)
    })
  })
})
