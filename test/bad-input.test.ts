// Whatever a client sends, the answer is a 4xx in the one error shape, never a 5xx, and a failed request
// changes nothing.
import { randomInt } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { TEST_DATABASES } from './support/databases.js'
import { startHarness, type Harness } from './support/harness.js'

// The junk is drawn from a seeded generator: a failure names its seed, and KEYPORT_FUZZ_SEED=<seed> replays it.
const SEED = Number(process.env.KEYPORT_FUZZ_SEED ?? randomInt(2 ** 31))
let state = SEED >>> 0
/** mulberry32: small, fast, and the same sequence for the same seed. */
function random(): number {
  state = (state + 0x6d2b79f5) >>> 0
  let t = state
  t = Math.imul(t ^ (t >>> 15), t | 1)
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296
}
function randomBytes(n: number): Buffer {
  return Buffer.from(Array.from({ length: n }, () => Math.floor(random() * 256)))
}

describe.each(TEST_DATABASES)('bad input on $name', (database) => {
  let h: Harness
  let userId = ''
  beforeAll(async () => {
    h = await startHarness(database)
    userId = (await h.request('POST', '/v1/users', { body: { username: 'target' } })).json().userId
  })
  afterAll(async () => h?.close())

  const raw = (method: string, url: string, payload: string, contentType = 'application/json') =>
    h.app.inject({
      method: method as 'POST',
      url,
      payload,
      headers: { authorization: `Bearer ${h.apiKey}`, 'content-type': contentType },
    })

  function expectError(
    response: { statusCode: number; json(): any },
    status: number,
    code: string,
  ) {
    expect(response.statusCode).toBe(status)
    expect(response.json().error).toMatchObject({ code, requestId: expect.stringMatching(/^req_/) })
    expect(typeof response.json().error.message).toBe('string')
  }

  it('answers malformed JSON with 400 invalid_request', async () => {
    expectError(await raw('POST', '/v1/users', '{"username": '), 400, 'invalid_request')
    expectError(await raw('POST', '/v1/users', ''), 400, 'invalid_request')
  })

  it('names unknown and mistyped fields', async () => {
    const unknown = await h.request('POST', '/v1/users', {
      body: { username: 'x1', nickname: 'y' },
    })
    expectError(unknown, 400, 'invalid_request')
    expect(unknown.json().error.fields).toEqual([
      { field: 'nickname', message: 'is not a known field' },
    ])
    const mistyped = await h.request('POST', '/v1/users', { body: { username: 42 } })
    expectError(mistyped, 400, 'invalid_request')
    expect(mistyped.json().error.fields[0].field).toBe('username')
    const missing = await h.request('POST', '/v1/credentials', {
      body: { app: 'stripe', data: {} },
    })
    expect(missing.json().error.fields[0].field).toBe('userId')
    const badLimit = await h.request('GET', '/v1/users?limit=0')
    expectError(badLimit, 400, 'invalid_request')
    expect(badLimit.json().error.message).toMatch(/limit/)
    expectError(await h.request('GET', '/v1/users?cursor=bm9wZQ'), 400, 'invalid_request')
    expectError(await h.request('GET', '/v1/users?color=blue'), 400, 'invalid_request')
    expect((await h.request('GET', '/v1/users?username=%00')).statusCode).toBeLessThan(500)
    expect(
      (await h.request('GET', `/v1/users/${userId}%00/credentials?app=%00`)).statusCode,
    ).toBeLessThan(500)
  })

  it('answers bodies over 1 MB with 413', async () => {
    const big = JSON.stringify({ username: 'x'.repeat(1024 * 1024 + 10) })
    expectError(await raw('POST', '/v1/users', big), 413, 'payload_too_large')
  })

  it('answers other content types with 415', async () => {
    expectError(
      await raw('POST', '/v1/users', 'username=x', 'application/x-www-form-urlencoded'),
      415,
      'unsupported_media_type',
    )
  })

  it('answers unknown routes with 404 in the error shape', async () => {
    expectError(await h.request('GET', '/v1/nope'), 404, 'not_found')
  })

  it('changes nothing when a request fails', async () => {
    const before = await h.store.db
      .selectFrom('credential')
      .select(h.store.db.fn.countAll().as('n'))
      .executeTakeFirstOrThrow()
    await h.request('POST', '/v1/credentials', {
      body: { userId, app: 'zendesk', data: { subdomain: 'ok', email: 'bad' } },
    })
    await h.request('POST', '/v1/credentials', {
      body: { userId, app: 'shopify', data: { shop: 'x' } },
    })
    const after = await h.store.db
      .selectFrom('credential')
      .select(h.store.db.fn.countAll().as('n'))
      .executeTakeFirstOrThrow()
    expect(Number(after.n)).toBe(Number(before.n))
    const dupe = await h.request('POST', '/v1/users', { body: { username: 'target' } })
    expectError(dupe, 409, 'username_taken')
  })

  it('never answers random junk with a 5xx', async () => {
    state = SEED >>> 0 // each database replays the same sequence
    const oddDates = ['+010000-01-01T00:00:00Z', '-000001-01-01T00:00:00Z', '2026-13-01T00:00:00Z']
    const routes: [string, string][] = [
      ['POST', '/v1/users'],
      ['PATCH', `/v1/users/${userId}`],
      ['POST', '/v1/credentials'],
      ['POST', '/v1/credentials/import'],
      ['PUT', '/v1/apps/shopify/oauth-client'],
      ['GET', '/v1/users'],
    ]
    const junk = [
      () => randomBytes(64).toString('latin1'),
      () => JSON.stringify(randomValue(4)),
      () => JSON.stringify({ userId, app: 'stripe', data: randomValue(3) }),
      () =>
        JSON.stringify({
          userId,
          app: randomValue(1),
          data: { apiKey: randomValue(1) },
          name: randomValue(1),
        }),
      () =>
        JSON.stringify({
          username: randomValue(1),
          email: randomValue(1),
          fullName: randomValue(1),
        }),
      () => JSON.stringify({ username: 'nul\u0000byte', email: 'a\u0000@b.c', fullName: '\ud800' }),
      () =>
        JSON.stringify({
          userId,
          app: 'slack',
          tokens: {
            accessToken: 'xoxb-fuzz',
            expiresAt: random() < 0.5 ? oddDates[Math.floor(random() * 3)] : randomValue(1),
          },
        }),
      () => '[]',
      () => 'null',
      () => '"string"',
      () => '{"__proto__":{"admin":true},"username":"proto"}',
      () =>
        JSON.stringify({
          userId,
          app: 'zendesk',
          data: { subdomain: '\u0000', email: '\ud800', apiToken: 'x'.repeat(10000) },
        }),
    ]
    for (let i = 0; i < 300; i++) {
      const [method, url] = routes[i % routes.length]!
      const payload = junk[i % junk.length]!()
      const query =
        i % 7 === 0
          ? `?limit=${encodeURIComponent(String(randomValue(1)))}&cursor=${randomBytes(8).toString('hex')}`
          : ''
      const response = await raw(method, url + query, payload)
      const replay = `KEYPORT_FUZZ_SEED=${SEED} (case ${i}): ${method} ${url} ${payload.slice(0, 80)}`
      expect(response.statusCode, replay).toBeLessThan(500)
      expect(response.json().error ?? response.json()).toBeTruthy()
    }
  })
})

function randomValue(depth: number): unknown {
  const pick = Math.floor(random() * 8)
  if (depth <= 0 || pick < 4) {
    return [null, true, -1, 1e308, '', 'ünï\u0000', randomBytes(8).toString('base64'), 3.14][
      Math.floor(random() * 8)
    ]
  }
  if (pick < 6) return Array.from({ length: 3 }, () => randomValue(depth - 1))
  return Object.fromEntries(
    Array.from({ length: 3 }, (_, i) => [
      `k${i}${randomBytes(2).toString('hex')}`,
      randomValue(depth - 1),
    ]),
  )
}
