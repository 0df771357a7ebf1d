// Agent tokens through the /v1 API: minted for one user, shown once, stored hashed, listed without the token,
// revoked at once; allow-lists validated; every route refuses a missing key (401) and another workspace's ids (404).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createHash } from 'node:crypto'
import { listAuditRows } from '../src/store/index.js'
import { TEST_DATABASES } from './support/databases.js'
import { startHarness, type Harness } from './support/harness.js'

describe.each(TEST_DATABASES)('agent tokens API on $name', (database) => {
  let h: Harness
  let userId: string
  let otherUserId: string
  const base = () => `/v1/users/${userId}/agent-tokens`

  beforeAll(async () => {
    h = await startHarness(database)
    userId = (await h.request('POST', '/v1/users', { body: { username: 'agent-owner' } })).json()
      .userId
    otherUserId = (
      await h.request('POST', '/v1/users', {
        body: { username: 'agent-owner' },
        apiKey: h.otherApiKey,
      })
    ).json().userId
  })
  afterAll(async () => h?.close())

  it('mints a token shown once, stores only its SHA-256, lists it without the token', async () => {
    const created = await h.request('POST', base(), {
      body: {
        apps: ['stripe', 'github'],
        methods: { stripe: ['GET', 'HEAD'] },
        ttlSeconds: 600,
        label: 'support bot',
      },
    })
    expect(created.statusCode).toBe(201)
    expect(created.headers['cache-control']).toBe('no-store')
    const body = created.json()
    expect(body.token).toMatch(/^at_[A-Za-z0-9_-]{43}$/)
    expect(body).toMatchObject({
      agentTokenId: expect.stringMatching(/^agt_/),
      userId,
      apps: ['stripe', 'github'],
      methods: { stripe: ['GET', 'HEAD'] },
      label: 'support bot',
      revokedAt: null,
    })
    expect(Date.parse(body.expiresAt) - Date.parse(body.createdAt)).toBe(600_000)

    const row = await h.store.db
      .selectFrom('agentToken')
      .selectAll()
      .where('id', '=', body.agentTokenId)
      .executeTakeFirstOrThrow()
    expect(row.hash).toBe(createHash('sha256').update(body.token).digest('hex'))
    expect(JSON.stringify(row)).not.toContain(body.token)

    const list = await h.request('GET', base())
    expect(list.statusCode).toBe(200)
    expect(list.body).not.toContain(body.token)
    expect(list.json().data[0]).toEqual({ ...body, token: undefined })
  })

  it('defaults to an hour, caps at a day, and audits minting and revoking', async () => {
    const created = (await h.request('POST', base(), { body: {} })).json()
    expect(Date.parse(created.expiresAt) - Date.parse(created.createdAt)).toBe(3_600_000)
    expect(created).toMatchObject({ apps: null, methods: null, label: null })
    const tooLong = await h.request('POST', base(), { body: { ttlSeconds: 86_401 } })
    expect(tooLong.statusCode).toBe(400)
    expect((await h.request('POST', base(), { body: { ttlSeconds: 86_400 } })).statusCode).toBe(201)

    expect((await h.request('DELETE', `${base()}/${created.agentTokenId}`)).statusCode).toBe(204)
    const listed = (await h.request('GET', base())).json().data
    expect(listed.find((t: any) => t.agentTokenId === created.agentTokenId).revokedAt).toEqual(
      expect.any(String),
    )
    const audit = await listAuditRows(h.store.db, h.workspaceId, created.agentTokenId)
    expect(audit.map((r) => [r.actor, r.action])).toEqual([
      ['api_key', 'agent_token.create'],
      ['api_key', 'agent_token.revoke'],
    ])
  })

  it.each([
    [{ apps: ['no-such-app'] }, 422, 'unknown_app'],
    [{ methods: { 'no-such-app': ['GET'] } }, 422, 'unknown_app'],
    [{ apps: ['stripe'], methods: { github: ['GET'] } }, 400, 'invalid_request'],
    [{ methods: { stripe: ['TRACE'] } }, 400, 'invalid_request'],
    [{ methods: { stripe: ['get'] } }, 400, 'invalid_request'],
    [{ methods: { stripe: [] } }, 400, 'invalid_request'],
    [{ label: 'line\nbreak' }, 400, 'invalid_request'],
    [{ label: 'x'.repeat(101) }, 400, 'invalid_request'],
    [{ ttlSeconds: 59 }, 400, 'invalid_request'],
    [{ ttlSeconds: '3600' }, 400, 'invalid_request'],
    [{ token: 'at_chosen' }, 400, 'invalid_request'],
    [{ apps: [] }, 400, 'invalid_request'],
  ])('refuses %j with %i %s and writes nothing', async (body, status, code) => {
    const before = (await h.request('GET', base())).json().data.length
    const response = await h.request('POST', base(), { body })
    expect(response.statusCode).toBe(status)
    expect(response.json().error.code).toBe(code)
    expect((await h.request('GET', base())).json().data.length).toBe(before)
  })

  it('refuses every route without a key (401) and with an agent token as the key (401)', async () => {
    const { token, agentTokenId } = (await h.request('POST', base(), { body: {} })).json()
    for (const apiKey of [null, token, 'kp_wrong']) {
      for (const [method, url] of [
        ['POST', base()],
        ['GET', base()],
        ['DELETE', `${base()}/${agentTokenId}`],
        ['GET', `/v1/users/${userId}/credentials`],
      ] as const) {
        const response = await h.request(method, url, {
          apiKey,
          ...(method === 'POST' ? { body: {} } : {}),
        })
        expect(response.statusCode, `${method} ${url} with ${apiKey?.slice(0, 3)}`).toBe(401)
        expect(response.json().error.code).toBe('unauthorized')
      }
    }
    const still = (await h.request('GET', base())).json().data
    expect(still.find((t: any) => t.agentTokenId === agentTokenId).revokedAt).toBeNull()
  })

  it("answers 404 for another workspace's user and token ids, and changes nothing there", async () => {
    const theirs = (
      await h.request('POST', `/v1/users/${otherUserId}/agent-tokens`, {
        body: {},
        apiKey: h.otherApiKey,
      })
    ).json()
    const asMain = (method: string, url: string) =>
      h.request(method, url, method === 'POST' ? { body: {} } : {})
    for (const [method, url] of [
      ['POST', `/v1/users/${otherUserId}/agent-tokens`],
      ['GET', `/v1/users/${otherUserId}/agent-tokens`],
      ['DELETE', `/v1/users/${otherUserId}/agent-tokens/${theirs.agentTokenId}`],
      // Their token id under our own user: ids are scoped to user and workspace both.
      ['DELETE', `${base()}/${theirs.agentTokenId}`],
    ] as const) {
      const response = await asMain(method, url)
      expect(response.statusCode, `${method} ${url}`).toBe(404)
      expect(response.json().error.code).toMatch(/^(user|agent_token)_not_found$/)
    }
    const listed = await h.request('GET', `/v1/users/${otherUserId}/agent-tokens`, {
      apiKey: h.otherApiKey,
    })
    expect(listed.json().data[0]).toMatchObject({
      agentTokenId: theirs.agentTokenId,
      revokedAt: null,
    })
  })

  it("does not let one user's token id be revoked under another user of the same workspace", async () => {
    const mine = (await h.request('POST', base(), { body: {} })).json()
    const second = (await h.request('POST', '/v1/users', { body: { username: 'second' } })).json()
    const response = await h.request(
      'DELETE',
      `/v1/users/${second.userId}/agent-tokens/${mine.agentTokenId}`,
    )
    expect(response.statusCode).toBe(404)
    expect(response.json().error.code).toBe('agent_token_not_found')
  })

  it('deletes the tokens with their user', async () => {
    const temp = (await h.request('POST', '/v1/users', { body: { username: 'temp' } })).json()
    await h.request('POST', `/v1/users/${temp.userId}/agent-tokens`, { body: {} })
    expect((await h.request('DELETE', `/v1/users/${temp.userId}`)).statusCode).toBe(204)
    const rows = await h.store.db
      .selectFrom('agentToken')
      .select('id')
      .where('userId', '=', temp.userId)
      .execute()
    expect(rows).toEqual([])
  })
})
