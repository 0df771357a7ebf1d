// The platform's metadata on users: set on create, merged by PATCH (null removes a key), returned everywhere,
// filtered by one key (string equality), limited in size, never visible to another workspace.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { TEST_DATABASES } from './support/databases.js'
import { startHarness, type Harness } from './support/harness.js'

describe.each(TEST_DATABASES)('user metadata on $name', (database) => {
  let h: Harness
  beforeAll(async () => {
    h = await startHarness(database)
  })
  afterAll(async () => h?.close())

  const create = (username: string, metadata?: unknown, apiKey?: string) =>
    h.request('POST', '/v1/users', {
      body: { username, ...(metadata !== undefined ? { metadata } : {}) },
      ...(apiKey ? { apiKey } : {}),
    })
  const list = async (query: string, apiKey?: string) => {
    const response = await h.request('GET', `/v1/users?${query}`, apiKey ? { apiKey } : {})
    expect(response.statusCode).toBe(200)
    return response.json().data.map((u: { username: string }) => u.username)
  }

  it('sets metadata on create, returns it everywhere, merges it on PATCH', async () => {
    const created = await create('meta-a', { plan: 'pro', seats: 5, beta: true, gone: null })
    expect(created.statusCode).toBe(201)
    const user = created.json()
    expect(user.metadata).toEqual({ plan: 'pro', seats: 5, beta: true })
    expect((await h.request('GET', `/v1/users/${user.userId}`)).json().metadata).toEqual(
      user.metadata,
    )
    const patched = await h.request('PATCH', `/v1/users/${user.userId}`, {
      body: { metadata: { plan: 'enterprise', beta: null, 'acct.id': 'A-1' } },
    })
    expect(patched.statusCode).toBe(200)
    expect(patched.json().metadata).toEqual({ plan: 'enterprise', seats: 5, 'acct.id': 'A-1' })
    const renamed = await h.request('PATCH', `/v1/users/${user.userId}`, {
      body: { fullName: 'A' },
    })
    expect(renamed.json().metadata).toEqual({ plan: 'enterprise', seats: 5, 'acct.id': 'A-1' })
    expect((await create('meta-none')).json().metadata).toEqual({})
  })

  it('filters by one key, by string equality, in this workspace only', async () => {
    await create('f-pro', { tier: 'pro', n: '5' })
    await create('f-free', { tier: 'free', n: 5 })
    await create('f-true', { tier: true })
    await create('f-dot', { 'a.b': 'x' })
    await create('f-other', { tier: 'pro' }, h.otherApiKey)
    expect(await list('metadata[tier]=pro')).toEqual(['f-pro'])
    expect(await list('metadata[n]=5')).toEqual(['f-pro'])
    expect(await list('metadata[tier]=true')).toEqual([])
    expect(await list('metadata[a.b]=x')).toEqual(['f-dot'])
    expect(await list('metadata[a]=x')).toEqual([])
    expect(await list(`metadata[tier]=${encodeURIComponent("pro' or '1'='1")}`)).toEqual([])
    expect(await list('metadata[tier]=pro', h.otherApiKey)).toEqual(['f-other'])
    for (const query of [
      'metadata[tier]=pro&metadata[n]=5',
      `metadata[${encodeURIComponent('x"')}]=1`,
      'metadata[]=1',
      `metadata[${'k'.repeat(41)}]=1`,
      'metadata[tier]=a&metadata[tier]=b',
      'metadatax=1',
    ]) {
      const response = await h.request('GET', `/v1/users?${query}`)
      expect(response.statusCode, query).toBe(400)
      expect(response.json().error.code).toBe('invalid_request')
    }
  })

  it('refuses bad metadata with a 400 and changes nothing', async () => {
    const user = (await create('meta-bad', { keep: 'me' })).json()
    const many = Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, i]))
    const big = Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`k${i}`, 'x'.repeat(500)]))
    for (const metadata of [
      many,
      big,
      { 'bad key': 1 },
      { ['k'.repeat(41)]: 1 },
      { nested: { a: 1 } },
      { list: [1] },
      { long: 'x'.repeat(501) },
      'text',
      [],
    ]) {
      const created = await create(`meta-bad-${Math.random()}`, metadata)
      expect(created.statusCode).toBe(400)
      expect(created.json().error.code).toBe('invalid_request')
      const patched = await h.request('PATCH', `/v1/users/${user.userId}`, { body: { metadata } })
      expect(patched.statusCode).toBe(400)
    }
    // 45 keys stored, 10 more by PATCH: over the limit once merged.
    const full = Object.fromEntries(Array.from({ length: 45 }, (_, i) => [`f${i}`, i]))
    const fullUser = (await create('meta-full', full)).json()
    const over = await h.request('PATCH', `/v1/users/${fullUser.userId}`, {
      body: { metadata: Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`g${i}`, i])) },
    })
    expect(over.statusCode).toBe(400)
    expect(over.json().error.message).toMatch(/more than 50 keys/)
    expect((await h.request('GET', `/v1/users/${user.userId}`)).json().metadata).toEqual({
      keep: 'me',
    })
  })

  it("answers 404 for another workspace's user and 401 without a key", async () => {
    const user = (await create('meta-x', { a: '1' })).json()
    const foreign = await h.request('PATCH', `/v1/users/${user.userId}`, {
      body: { metadata: { a: '2' } },
      apiKey: h.otherApiKey,
    })
    expect(foreign.statusCode).toBe(404)
    expect(foreign.json().error.code).toBe('user_not_found')
    expect((await h.request('GET', '/v1/users?metadata[a]=1', { apiKey: null })).statusCode).toBe(
      401,
    )
    expect((await h.request('GET', `/v1/users/${user.userId}`)).json().metadata).toEqual({ a: '1' })
  })
})
