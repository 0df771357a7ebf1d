// Idempotency-Key on every create (a POST that declares a 201 answer), on both databases.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { TEST_DATABASES } from './support/databases.js'
import { startHarness, type Harness } from './support/harness.js'

describe.each(TEST_DATABASES)('Idempotency-Key on $name', (database) => {
  let h: Harness
  let userId: string
  const post = (url: string, body: unknown, key: string, apiKey?: string) =>
    h.request('POST', url, {
      body,
      headers: { 'idempotency-key': key },
      ...(apiKey ? { apiKey } : {}),
    })

  beforeAll(async () => {
    h = await startHarness(database)
    userId = (await h.request('POST', '/v1/users', { body: { username: 'base' } })).json().userId
  })
  afterAll(() => h.close())

  it('answers a retried create with the first answer and does the work once', async () => {
    const body = { username: 'idem-1', email: 'one@example.com' }
    const first = await post('/v1/users', body, 'key-users-1')
    const again = await post('/v1/users', body, 'key-users-1')
    expect(first.statusCode).toBe(201)
    expect(again.statusCode).toBe(201)
    expect(again.json()).toEqual(first.json())
    expect(again.headers['idempotent-replayed']).toBe('true')
    expect(first.headers['idempotent-replayed']).toBeUndefined()
    const listed = await h.request('GET', '/v1/users?username=idem-1')
    expect(listed.json().data).toHaveLength(1)
  })

  it('replays a minted token without minting a second one, and keeps it sealed at rest', async () => {
    const first = await post(`/v1/users/${userId}/token`, {}, 'key-token-1')
    const again = await post(`/v1/users/${userId}/token`, {}, 'key-token-1')
    expect(again.json().token).toBe(first.json().token)
    const rows = await h.store.db.selectFrom('idempotencyKey').selectAll().execute()
    const stored = JSON.stringify(rows)
    expect(stored).not.toContain(first.json().token)
    expect(stored).not.toContain('key-token-1')
    expect(
      rows.every((r) => r.responseSealed === null || r.responseSealed.startsWith('kp1.')),
    ).toBe(true)
  })

  it('refuses the same key with another body, and replays a refusal as it was', async () => {
    expect((await post('/v1/users', { username: 'idem-2' }, 'key-users-2')).statusCode).toBe(201)
    const reused = await post('/v1/users', { username: 'idem-3' }, 'key-users-2')
    expect(reused.statusCode).toBe(422)
    expect(reused.json().error.code).toBe('idempotency_key_reused')
    const taken = await post('/v1/users', { username: 'idem-2' }, 'key-users-3')
    expect(taken.statusCode).toBe(409)
    const replayed = await post('/v1/users', { username: 'idem-2' }, 'key-users-3')
    expect(replayed.statusCode).toBe(409)
    expect(replayed.json().error.code).toBe('username_taken')
  })

  it('runs concurrent duplicates once: the others wait for the answer or get 409 request_in_progress', async () => {
    const body = {
      userId,
      app: 'stripe',
      data: { apiKey: 'sk_test_concurrent000000000' },
      skipVerification: true,
    }
    const answers = await Promise.all(
      Array.from({ length: 8 }, () => post('/v1/credentials', body, 'key-cred-1')),
    )
    const created = answers.filter((a) => a.statusCode === 201)
    const busy = answers.filter((a) => a.statusCode === 409)
    expect(created.length + busy.length).toBe(8)
    expect(new Set(created.map((a) => a.json().credentialId)).size).toBe(1)
    for (const a of busy) {
      expect(a.json().error.code).toBe('request_in_progress')
      expect(a.headers['retry-after']).toBe('1')
    }
    const listed = await h.request('GET', `/v1/users/${userId}/credentials`)
    expect(listed.json().data).toHaveLength(1)
  })

  it('keeps keys per workspace, and refuses malformed keys', async () => {
    const body = { username: 'idem-ws' }
    expect((await post('/v1/users', body, 'key-shared')).statusCode).toBe(201)
    const other = await post('/v1/users', body, 'key-shared', h.otherApiKey)
    expect(other.statusCode).toBe(201)
    expect(other.headers['idempotent-replayed']).toBeUndefined()
    for (const key of ['', 'x'.repeat(256), 'with space', 'é']) {
      const bad = await h.request('POST', '/v1/users', {
        body: { username: 'never' },
        headers: { 'idempotency-key': key },
      })
      expect(bad.statusCode, JSON.stringify(key)).toBe(400)
    }
    expect((await h.request('GET', '/v1/users?username=never')).json().data).toEqual([])
  })

  it('forgets answers after 24 hours', async () => {
    expect((await post('/v1/users', { username: 'idem-old' }, 'key-old')).statusCode).toBe(201)
    await h.store.db
      .updateTable('idempotencyKey')
      .set({ expiresAt: '2000-01-01T00:00:00.000Z' })
      .execute()
    const later = await post('/v1/users', { username: 'idem-old' }, 'key-old')
    expect(later.statusCode).toBe(409) // run afresh: the user exists now
    expect(later.headers['idempotent-replayed']).toBeUndefined()
  })
})
