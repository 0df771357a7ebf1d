// The platform's metadata on credentials: set on create and import, merged by PATCH (null removes a key), returned
// in the one `metadata` object beside Keyport's own keys (which it may not shadow), filtered by one key on both
// credential lists, paged, limited in size, never visible to another workspace, and never touching the secret.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { TEST_DATABASES } from './support/databases.js'
import { startHarness, type Harness } from './support/harness.js'

describe.each(TEST_DATABASES)('credential metadata on $name', (database) => {
  let h: Harness
  let userId: string
  let otherUserId: string
  beforeAll(async () => {
    h = await startHarness(database)
    userId = (await h.request('POST', '/v1/users', { body: { username: 'cm-user' } })).json().userId
    otherUserId = (
      await h.request('POST', '/v1/users', {
        body: { username: 'cm-other' },
        apiKey: h.otherApiKey,
      })
    ).json().userId
  })
  afterAll(async () => h?.close())

  let n = 0
  const create = (metadata?: unknown, options: { apiKey?: string; user?: string } = {}) =>
    h.request('POST', '/v1/credentials', {
      body: {
        userId: options.user ?? userId,
        app: 'activecampaign',
        data: { account: `acct${++n}`, apiKey: `ac-secret-key-${n}-canary` },
        skipVerification: true,
        ...(metadata !== undefined ? { metadata } : {}),
      },
      ...(options.apiKey ? { apiKey: options.apiKey } : {}),
    })
  const listed = async (url: string, apiKey?: string) => {
    const response = await h.request('GET', url, apiKey ? { apiKey } : {})
    expect(response.statusCode, response.body).toBe(200)
    return response.json().data.map((c: { name: string; credentialId: string }) => c.credentialId)
  }

  it('sets metadata on create beside Keyport’s keys, merges it on PATCH, and keeps the secret as it was', async () => {
    const created = await create({ plan: 'pro', seats: 3, gone: null })
    expect(created.statusCode, created.body).toBe(201)
    const credential = created.json()
    const account = `acct${n}`
    expect(credential.metadata).toEqual({ account, plan: 'pro', seats: 3 })
    const patched = await h.request('PATCH', `/v1/credentials/${credential.credentialId}`, {
      body: { metadata: { plan: 'enterprise', seats: null, 'int.id': 'I-9' }, name: 'Main' },
    })
    expect(patched.statusCode, patched.body).toBe(200)
    expect(patched.json()).toMatchObject({
      name: 'Main',
      metadata: { account, plan: 'enterprise', 'int.id': 'I-9' },
    })
    expect(patched.json().metadata).not.toHaveProperty('seats')
    const read = await h.request('GET', `/v1/credentials/${credential.credentialId}`)
    expect(read.json().metadata).toEqual(patched.json().metadata)
    // A rename alone leaves the metadata; neither changes the secret nor the row's version.
    const row = await h.store.db
      .selectFrom('credential')
      .select(['version', 'secretSealed', 'platformMetadata'])
      .where('id', '=', credential.credentialId)
      .executeTakeFirstOrThrow()
    expect(row.version).toBe(1)
    const renamed = await h.request('PATCH', `/v1/credentials/${credential.credentialId}`, {
      body: { name: 'Renamed' },
    })
    expect(renamed.json().metadata).toEqual(patched.json().metadata)
    const secret = await h.request('GET', `/v1/credentials/${credential.credentialId}/secret`)
    expect(secret.json().data).toEqual({ account, apiKey: `ac-secret-key-${n}-canary` })
    expect(row.platformMetadata).not.toContain('canary')
  })

  it('refuses a key Keyport keeps on that credential, bad values and an empty PATCH, changing nothing', async () => {
    const shadow = await create({ account: 'mine' })
    expect(shadow.statusCode).toBe(400)
    expect(shadow.json().error).toMatchObject({
      code: 'invalid_request',
      fields: [{ field: 'metadata' }],
    })
    expect(shadow.json().error.message).toMatch(/account is already set by Keyport/)
    const credential = (await create({ keep: 'me' })).json()
    const url = `/v1/credentials/${credential.credentialId}`
    const many = Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, i]))
    for (const body of [
      { metadata: { account: 'x' } },
      { metadata: many },
      { metadata: { 'bad key': 1 } },
      { metadata: { nested: { a: 1 } } },
      { metadata: { long: 'x'.repeat(501) } },
      { metadata: 'text' },
      {},
      { name: '' },
    ]) {
      const response = await h.request('PATCH', url, { body })
      expect(response.statusCode, JSON.stringify(body)).toBe(400)
      expect(response.json().error.code).toBe('invalid_request')
    }
    const full = (
      await create(Object.fromEntries(Array.from({ length: 45 }, (_, i) => [`f${i}`, i])))
    ).json()
    const over = await h.request('PATCH', `/v1/credentials/${full.credentialId}`, {
      body: { metadata: Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`g${i}`, i])) },
    })
    expect(over.statusCode).toBe(400)
    expect(over.json().error.message).toMatch(/more than 50 keys/)
    expect((await h.request('GET', url)).json().metadata).toEqual({
      account: credential.metadata.account,
      keep: 'me',
    })
  })

  it('filters both lists by one key (the platform’s or Keyport’s), by string equality, and pages', async () => {
    const pro = (await create({ tier: 'pro-f' })).json()
    const num = (await create({ tier: 5 })).json()
    const foreign = (
      await create({ tier: 'pro-f' }, { apiKey: h.otherApiKey, user: otherUserId })
    ).json()
    expect(foreign.credentialId).toMatch(/^cred_/)
    expect(await listed('/v1/credentials?metadata[tier]=pro-f')).toEqual([pro.credentialId])
    expect(await listed(`/v1/users/${userId}/credentials?metadata[tier]=pro-f`)).toEqual([
      pro.credentialId,
    ])
    expect(await listed('/v1/credentials?metadata[tier]=5')).toEqual([])
    expect(num.metadata.tier).toBe(5)
    expect(await listed(`/v1/credentials?metadata[account]=${pro.metadata.account}`)).toEqual([
      pro.credentialId,
    ])
    expect(await listed('/v1/credentials?metadata[tier]=pro-f', h.otherApiKey)).toEqual([
      foreign.credentialId,
    ])
    expect(
      await listed(`/v1/credentials?metadata[tier]=${encodeURIComponent("pro-f' or '1'='1")}`),
    ).toEqual([])
    for (const query of ['metadata[tier]=a&metadata[n]=b', 'metadata[]=1', 'metadatax=1']) {
      const response = await h.request('GET', `/v1/users/${userId}/credentials?${query}`)
      expect(response.statusCode, query).toBe(400)
    }
    // Pages of two through the user's list: every credential once, in id order.
    const all = await listed(`/v1/users/${userId}/credentials?limit=500`)
    const seen: string[] = []
    let cursor: string | null = null
    do {
      const page: { json(): { data: { credentialId: string }[]; nextCursor: string | null } } =
        await h.request(
          'GET',
          `/v1/users/${userId}/credentials?limit=2${cursor ? `&cursor=${cursor}` : ''}`,
        )
      seen.push(...page.json().data.map((c) => c.credentialId))
      cursor = page.json().nextCursor
    } while (cursor)
    expect(seen).toEqual(all)
    expect(all.length).toBeGreaterThan(4)
  })

  it("answers 404 for another workspace's credential and 401 without a key", async () => {
    const credential = (await create({ a: '1' })).json()
    const foreign = await h.request('PATCH', `/v1/credentials/${credential.credentialId}`, {
      body: { metadata: { a: '2' } },
      apiKey: h.otherApiKey,
    })
    expect(foreign.statusCode).toBe(404)
    expect(foreign.json().error.code).toBe('credential_not_found')
    const foreignUser = await h.request('GET', `/v1/users/${userId}/credentials`, {
      apiKey: h.otherApiKey,
    })
    expect(foreignUser.statusCode).toBe(404)
    expect(
      (await h.request('GET', '/v1/credentials?metadata[a]=1', { apiKey: null })).statusCode,
    ).toBe(401)
    expect(
      (await h.request('GET', `/v1/credentials/${credential.credentialId}`)).json().metadata.a,
    ).toBe('1')
  })

  it('keeps both of two racing PATCHes', async () => {
    const credential = (await create()).json()
    const url = `/v1/credentials/${credential.credentialId}`
    const results = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        h.request('PATCH', url, { body: { metadata: { [`k${i}`]: i } } }),
      ),
    )
    expect(results.map((r) => r.statusCode)).toEqual(Array(6).fill(200))
    const metadata = (await h.request('GET', url)).json().metadata
    for (let i = 0; i < 6; i++) expect(metadata[`k${i}`]).toBe(i)
  })
})
