// Rate limits through the HTTP API: per workspace on /v1 (after the API key resolved it) and per connect token on
// the modal's API; 429 with Retry-After and the standard error body. The clock is injected: a window passes by
// moving it. With KEYPORT_TEST_REDIS_URL, two apps ("nodes") on one database share a budget through Redis.
import { randomBytes } from 'node:crypto'
import type { FastifyInstance, LightMyRequestResponse } from 'fastify'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { buildApp } from '../src/app.js'
import { createRateLimits, type RateLimits } from '../src/ratelimit/index.js'
import { TEST_DATABASES } from './support/databases.js'
import { startHarness, testKeyringSpec, type Harness } from './support/harness.js'
import { startNodeProcess } from './support/node-process.js'
import { freePort } from './support/ports.js'

const REDIS_URL = process.env.KEYPORT_TEST_REDIS_URL
const START = Date.parse('2026-12-01T10:00:00.250Z')

function expectRateLimited(response: LightMyRequestResponse): void {
  expect(response.statusCode).toBe(429)
  expect(response.headers['retry-after']).toBe('1')
  const body = response.json()
  expect(body).toEqual({
    error: { code: 'rate_limited', message: expect.any(String), requestId: expect.any(String) },
  })
  expect(body.error.requestId).toBe(response.headers['x-request-id'])
}

async function statuses(n: number, send: () => Promise<LightMyRequestResponse>): Promise<number[]> {
  const codes: number[] = []
  for (let i = 0; i < n; i++) codes.push((await send()).statusCode)
  return codes
}

describe.each(TEST_DATABASES)('rate limits on $name', (database) => {
  let h: Harness
  const clock = { now: START }
  const nextWindow = () => void (clock.now += 1000)
  const modal = (token: string) =>
    h.request('GET', '/connect/api/session', {
      apiKey: null,
      headers: { authorization: `Bearer ${token}` },
    })

  beforeAll(async () => {
    h = await startHarness(database, {
      rateLimits: createRateLimits({ workspace: 5, connectToken: 3, now: () => clock.now }),
    })
  })
  afterAll(async () => h?.close())

  it('refuses a workspace past its limit with 429 and Retry-After, until the window passes', async () => {
    nextWindow()
    expect(await statuses(5, () => h.request('GET', '/v1/users'))).toEqual([
      200, 200, 200, 200, 200,
    ])
    expectRateLimited(await h.request('GET', '/v1/users'))
    expectRateLimited(await h.request('POST', '/v1/users', { body: { username: 'late' } }))
    // Another workspace is not affected.
    expect((await h.request('GET', '/v1/users', { apiKey: h.otherApiKey })).statusCode).toBe(200)
    // Requests without a valid key are refused as unauthorized and count against nobody.
    expect((await h.request('GET', '/v1/users', { apiKey: 'kp_wrong' })).statusCode).toBe(401)
    nextWindow()
    expect((await h.request('GET', '/v1/users')).statusCode).toBe(200)
    // The refused POST did nothing.
    expect((await h.request('GET', '/v1/users?username=late')).json().data).toEqual([])
  })

  it('refuses a connect token past its limit; another token is not affected', async () => {
    nextWindow()
    const user = (await h.request('POST', '/v1/users', { body: { username: 'rl-user' } })).json()
    const mint = async () =>
      (await h.request('POST', `/v1/users/${user.userId}/token`, { body: {} })).json().token
    const [first, second] = [await mint(), await mint()]
    expect(await statuses(3, () => modal(first))).toEqual([200, 200, 200])
    expectRateLimited(await modal(first))
    expect((await modal(second)).statusCode).toBe(200)
    nextWindow()
    expect((await modal(first)).statusCode).toBe(200)
  })

  it('declares the 429 in the OpenAPI document', async () => {
    const spec = (await h.request('GET', '/openapi.json', { apiKey: null })).json()
    expect(Object.keys(spec.paths['/v1/users'].get.responses)).toContain('429')
  })
})

describe.each(TEST_DATABASES)('rate limits turned off on $name', (database) => {
  let h: Harness
  beforeAll(async () => {
    h = await startHarness(database, {
      rateLimits: createRateLimits({ workspace: 0, connectToken: 0, now: () => START }),
    })
  })
  afterAll(async () => h?.close())

  it('never limits at 0', async () => {
    const codes = await statuses(300, () => h.request('GET', '/v1/apps/stripe'))
    expect(codes.every((c) => c === 200)).toBe(true)
  })
})

describe.each(TEST_DATABASES)('rate limits with Redis unreachable on $name', (database) => {
  let h: Harness
  const log = { warn: vi.fn(), info: vi.fn() }
  beforeAll(async () => {
    const port = await freePort() // nothing listens there
    h = await startHarness(database, {
      rateLimits: createRateLimits({
        workspace: 5,
        connectToken: 3,
        redisURL: `redis://127.0.0.1:${port}`,
        log,
        now: () => START,
      }),
    })
  })
  afterAll(async () => {
    await h?.deps.rateLimits.close()
    await h?.close()
  })

  it('serves requests and limits them locally, never a 5xx', async () => {
    const codes = await statuses(7, () => h.request('GET', '/v1/users'))
    expect(codes).toEqual([200, 200, 200, 200, 200, 429, 429])
    await vi.waitFor(() => expect(log.warn).toHaveBeenCalledTimes(1))
  })
})

describe.each(TEST_DATABASES)('rate limits in a real node on $name', (database) => {
  const keys = testKeyringSpec()
  let h: Harness
  beforeAll(async () => {
    h = await startHarness(database, { keyringSpec: keys })
  })
  afterAll(async () => h?.close())

  it('reads KEYPORT_RATE_LIMIT, limits with Redis away, warns once without the password, stops with 0', async () => {
    const node = await startNodeProcess({
      database: h.databaseConfig,
      encryptionKeys: keys,
      env: {
        KEYPORT_RATE_LIMIT: '3',
        KEYPORT_REDIS_URL: `redis://:hunter2-secret@127.0.0.1:${await freePort()}`,
      },
    })
    // At once, so they fall into one or two one-second windows of the real clock: at most 6 pass.
    const codes = await Promise.all(
      Array.from({ length: 10 }, async () => {
        const response = await fetch(`${node.url}/v1/users`, {
          headers: { authorization: `Bearer ${h.apiKey}` },
        })
        if (response.status === 429) expect(response.headers.get('retry-after')).toBe('1')
        return response.status
      }),
    )
    expect(codes.filter((c) => c === 200).length).toBeGreaterThanOrEqual(3)
    expect(codes.filter((c) => c === 429).length).toBeGreaterThanOrEqual(4)
    expect(codes.filter((c) => c !== 200 && c !== 429)).toEqual([])
    await vi.waitFor(() => expect(node.output()).toContain('Redis unavailable'))
    expect(await node.kill('SIGTERM')).toBe(0)
    expect(node.output().match(/Redis unavailable/g)).toHaveLength(1)
    expect(node.output()).not.toContain('hunter2')
  })
})

describe.skipIf(!REDIS_URL).each(TEST_DATABASES)(
  'rate limits across two nodes on $name',
  (database) => {
    let h: Harness
    let nodeB: FastifyInstance
    let limitsA: RateLimits
    let limitsB: RateLimits
    beforeAll(async () => {
      // Two nodes: two apps on one database, each with its own limiter, sharing counts through Redis.
      const shared = {
        workspace: 10,
        connectToken: 3,
        redisURL: REDIS_URL!,
        now: () => START,
        redisKeyPrefix: `keyport:rltest:${randomBytes(6).toString('hex')}:`,
        syncIntervalMs: 0, // pushed by the test with flush()
      }
      limitsA = createRateLimits(shared)
      limitsB = createRateLimits(shared)
      h = await startHarness(database, { rateLimits: limitsA })
      nodeB = await buildApp({ ...h.deps, rateLimits: limitsB })
      await vi.waitFor(() => expect(limitsA.sharing && limitsB.sharing).toBe(true))
    })
    afterAll(async () => {
      await nodeB?.close()
      await limitsA?.close()
      await limitsB?.close()
      await h?.close()
    })

    it('refuses the workspace on both nodes once together they reach the limit', async () => {
      const onB = () =>
        nodeB.inject({
          method: 'GET',
          url: '/v1/users',
          headers: { authorization: `Bearer ${h.apiKey}` },
        })
      // Each node alone stays under its limit of 10.
      expect(await statuses(6, () => h.request('GET', '/v1/users'))).toEqual(Array(6).fill(200))
      expect(await statuses(6, onB)).toEqual(Array(6).fill(200))
      await limitsA.flush()
      await limitsB.flush()
      await limitsA.flush()
      expectRateLimited(await h.request('GET', '/v1/users'))
      expectRateLimited(await onB())
      // The other workspace is untouched on either node.
      expect((await h.request('GET', '/v1/users', { apiKey: h.otherApiKey })).statusCode).toBe(200)
    })
  },
)
