import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createUserCredential } from './support/credentials.js'
import { TEST_DATABASES } from './support/databases.js'
import { startHarness, type Harness } from './support/harness.js'

describe.each(TEST_DATABASES)('users API on $name', (database) => {
  let h: Harness
  beforeAll(async () => {
    h = await startHarness(database)
  })
  afterAll(async () => h?.close())

  it('creates, reads, updates and finds users by username', async () => {
    const created = await h.request('POST', '/v1/users', {
      body: { username: 'alice', email: 'alice@example.com' },
    })
    expect(created.statusCode).toBe(201)
    expect(created.json()).toMatchObject({
      username: 'alice',
      email: 'alice@example.com',
      fullName: null,
    })
    const { userId } = created.json()
    expect((await h.request('GET', `/v1/users/${userId}`)).json().username).toBe('alice')
    const patched = await h.request('PATCH', `/v1/users/${userId}`, {
      body: { fullName: 'Alice A.', email: null },
    })
    expect(patched.json()).toMatchObject({ fullName: 'Alice A.', email: null })
    expect(
      (await h.request('GET', '/v1/users?username=alice')).json().data.map((u: any) => u.userId),
    ).toEqual([userId])
  })

  it('searches by a prefix of the username or the email, in any case, wildcards taken literally', async () => {
    const make = (username: string, email: string) =>
      h.request('POST', '/v1/users', { body: { username, email } })
    await make('Search-Alpha', 'owner@alpha.example')
    await make('search-beta', 'Boss@Beta.example')
    await make('sear%ch_gamma', 'x@gamma.example')
    const names = async (text: string, apiKey?: string) =>
      (
        await h.request(
          'GET',
          `/v1/users?search=${encodeURIComponent(text)}`,
          apiKey ? { apiKey } : {},
        )
      )
        .json()
        .data.map((u: { username: string }) => u.username)
    expect(await names('search-')).toEqual(['Search-Alpha', 'search-beta'])
    expect(await names('SEARCH-B')).toEqual(['search-beta'])
    expect(await names('boss@')).toEqual(['search-beta'])
    expect(await names('sear%')).toEqual(['sear%ch_gamma'])
    expect(await names('sear_')).toEqual([])
    expect(await names('%')).toEqual([])
    expect(await names('search-', h.otherApiKey)).toEqual([])
    const empty = await h.request('GET', '/v1/users?search=')
    expect(empty.statusCode).toBe(400)
    expect(empty.json().error.code).toBe('invalid_request')
  })

  it('keeps usernames unique per workspace, not across workspaces', async () => {
    await h.request('POST', '/v1/users', { body: { username: 'bob' } })
    const dupe = await h.request('POST', '/v1/users', { body: { username: 'bob' } })
    expect(dupe.statusCode).toBe(409)
    expect(dupe.json().error.code).toBe('username_taken')
    expect(
      (await h.request('POST', '/v1/users', { body: { username: 'bob' }, apiKey: h.otherApiKey }))
        .statusCode,
    ).toBe(201)
    const carol = (await h.request('POST', '/v1/users', { body: { username: 'carol' } })).json()
    const rename = await h.request('PATCH', `/v1/users/${carol.userId}`, {
      body: { username: 'bob' },
    })
    expect(rename.statusCode).toBe(409)
  })

  it('pages through users with a cursor, each user once', async () => {
    for (let i = 0; i < 7; i++)
      await h.request('POST', '/v1/users', { body: { username: `page-${i}` } })
    const seen: string[] = []
    let cursor: string | null = null
    let pages = 0
    do {
      const response = await h.request(
        'GET',
        `/v1/users?limit=3${cursor ? `&cursor=${cursor}` : ''}`,
      )
      expect(response.statusCode).toBe(200)
      const body = response.json()
      seen.push(...body.data.map((u: any) => u.username))
      cursor = body.nextCursor
      pages++
    } while (cursor && pages < 20)
    expect(seen.filter((u) => u.startsWith('page-'))).toEqual(
      Array.from({ length: 7 }, (_, i) => `page-${i}`),
    )
    expect(new Set(seen).size).toBe(seen.length)
  })

  it('deletes a user with their credentials', async () => {
    const { userId, credentialId } = await createUserCredential(h, {
      username: 'leaving',
      app: 'stripe',
      data: { apiKey: 'sk_test_leavingleaving00' },
      skipVerification: true,
    })
    expect((await h.request('DELETE', `/v1/users/${userId}`)).statusCode).toBe(204)
    expect((await h.request('GET', `/v1/users/${userId}`)).statusCode).toBe(404)
    expect((await h.request('GET', `/v1/credentials/${credentialId}`)).statusCode).toBe(404)
    const rows = await h.store.db
      .selectFrom('credential')
      .select('id')
      .where('id', '=', credentialId)
      .execute()
    expect(rows).toEqual([])
    const events = await h.store.db
      .selectFrom('event')
      .select(['type', 'data'])
      .where('type', '=', 'credential.deleted')
      .execute()
    expect(events.some((e) => JSON.parse(e.data).credentialId === credentialId)).toBe(true)
  })
})
