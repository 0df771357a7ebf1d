// GET /v1/credentials: the whole workspace's credentials through the public API, filtered and paged.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { TEST_DATABASES } from './support/databases.js'
import { startHarness, type Harness } from './support/harness.js'
import { createUserCredential } from './support/credentials.js'

const EXPIRED_AT = '2026-12-01T08:00:00.000Z'

describe.each(TEST_DATABASES)('workspace credential list on $name', (database) => {
  let h: Harness
  const made: { userId: string; credentialId: string }[] = []
  const ids = (response: { json(): { data: { credentialId: string }[] } }) =>
    response.json().data.map((c) => c.credentialId)

  beforeAll(async () => {
    h = await startHarness(database)
    for (const username of ['ann', 'ben', 'cid'])
      made.push(
        await createUserCredential(h, {
          username,
          app: 'stripe',
          data: { apiKey: `sk_test_${username}00000000000000` },
          skipVerification: true,
        }),
      )
    const second = await h.request('POST', '/v1/credentials', {
      body: {
        userId: made[0]!.userId,
        app: 'openai',
        data: { apiKey: 'sk-proj-listtest0000000000000000' },
        skipVerification: true,
      },
    })
    expect(second.statusCode, second.body).toBe(201)
    made.push({ userId: made[0]!.userId, credentialId: second.json().credentialId })
    // Fixtures the API cannot make directly: one expired credential, one whose key ends next week.
    await h.store.db
      .updateTable('credential')
      .set({ status: 'expired', expiredReason: 'reported_invalid', expiredAt: EXPIRED_AT })
      .where('id', '=', made[1]!.credentialId)
      .execute()
    await h.store.db
      .updateTable('credential')
      .set({ expiresAt: new Date(Date.now() + 5 * 86400_000).toISOString() })
      .where('id', '=', made[2]!.credentialId)
      .execute()
  })
  afterAll(() => h.close())

  it('lists every credential of the workspace oldest first, never a secret', async () => {
    const all = await h.request('GET', '/v1/credentials')
    expect(all.statusCode).toBe(200)
    expect(ids(all)).toEqual(made.map((m) => m.credentialId))
    expect(all.json().nextCursor).toBeNull()
    expect(all.body).not.toMatch(/sk_test_|sk-proj-/)
  })

  it('filters by status, app, user and a known end, and pages with the cursor', async () => {
    const expired = await h.request('GET', '/v1/credentials?status=expired')
    expect(ids(expired)).toEqual([made[1]!.credentialId])
    expect(expired.json().data[0]).toMatchObject({
      expiredAt: EXPIRED_AT,
      expiryReason: 'reported_invalid',
    })
    const active = (await h.request('GET', '/v1/credentials?status=active')).json().data
    expect(
      active.map((c: { expiredAt: null; expiryReason: null }) => [c.expiredAt, c.expiryReason]),
    ).toEqual(active.map(() => [null, null]))
    expect(ids(await h.request('GET', '/v1/credentials?app=openai'))).toEqual([
      made[3]!.credentialId,
    ])
    expect(ids(await h.request('GET', `/v1/credentials?userId=${made[0]!.userId}`))).toEqual([
      made[0]!.credentialId,
      made[3]!.credentialId,
    ])
    const week = new Date(Date.now() + 7 * 86400_000).toISOString()
    expect(ids(await h.request('GET', `/v1/credentials?expiringBefore=${week}`))).toEqual([
      made[2]!.credentialId,
    ])
    const first = await h.request('GET', '/v1/credentials?limit=3')
    expect(ids(first)).toHaveLength(3)
    const next = await h.request('GET', `/v1/credentials?limit=3&cursor=${first.json().nextCursor}`)
    expect(ids(next)).toEqual([made[3]!.credentialId])
    expect(next.json().nextCursor).toBeNull()
  })

  it('shows another workspace none of them, and refuses bad filters in the envelope', async () => {
    const other = await h.request('GET', `/v1/credentials?userId=${made[0]!.userId}`, {
      apiKey: h.otherApiKey,
    })
    expect(other.statusCode).toBe(200)
    expect(other.json().data).toEqual([])
    expect(
      (await h.request('GET', '/v1/credentials', { apiKey: h.otherApiKey })).json().data,
    ).toEqual([])
    expect((await h.request('GET', '/v1/credentials', { apiKey: null })).statusCode).toBe(401)
    for (const query of [
      'status=revoked',
      'app=../x',
      'userId=usr_x',
      'expiringBefore=+010000-01-01T00:00:00Z',
      'cursor=1',
      'limit=501',
      'x=1',
    ]) {
      const bad = await h.request('GET', `/v1/credentials?${query}`)
      expect(bad.statusCode, query).toBe(400)
      expect(bad.json().error.code).toBe('invalid_request')
    }
  })
})
