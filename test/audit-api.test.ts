// GET /v1/audit: the workspace's audit trail through the public API, filtered and paged, on both databases.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { TEST_DATABASES } from './support/databases.js'
import { startHarness, type Harness } from './support/harness.js'
import { createUserCredential } from './support/credentials.js'

const CANARY = 'sk_test_AUDITCANARY0123456789'

describe.each(TEST_DATABASES)('audit API on $name', (database) => {
  let h: Harness
  let alice: { userId: string; credentialId: string }
  let bob: { userId: string; credentialId: string }

  beforeAll(async () => {
    h = await startHarness(database)
    alice = await createUserCredential(h, {
      username: 'alice',
      app: 'stripe',
      data: { apiKey: CANARY },
      skipVerification: true,
    })
    bob = await createUserCredential(h, {
      username: 'bob',
      app: 'stripe',
      data: { apiKey: 'sk_test_bob0000000000000' },
      skipVerification: true,
    })
    expect(
      (await h.request('GET', `/v1/credentials/${alice.credentialId}/secret`)).statusCode,
    ).toBe(200)
    await h.deps.activity.flush()
    expect((await h.request('DELETE', `/v1/credentials/${bob.credentialId}`)).statusCode).toBe(204)
  })
  afterAll(() => h.close())

  it('lists the trail newest first with the user each row concerns, and never a secret', async () => {
    const response = await h.request('GET', '/v1/audit')
    expect(response.statusCode).toBe(200)
    expect(response.body).not.toContain(CANARY)
    const actions = response
      .json()
      .data.map((r: { action: string; target: string }) => [r.action, r.target])
    expect(actions).toEqual([
      ['credential.delete', bob.credentialId],
      ['credential.secret_read', alice.credentialId],
      ['credential.create', bob.credentialId],
      ['credential.create', alice.credentialId],
    ])
    const read = response.json().data[1]
    expect(read).toMatchObject({ actor: 'api_key', userId: alice.userId, detail: null })
    expect(read.requestId).toMatch(/^req_/)
  })

  it('filters by credential, user and action, and pages with the cursor', async () => {
    const byCredential = await h.request('GET', `/v1/audit?credentialId=${alice.credentialId}`)
    expect(byCredential.json().data.map((r: { action: string }) => r.action)).toEqual([
      'credential.secret_read',
      'credential.create',
    ])
    const byUser = await h.request('GET', `/v1/audit?userId=${bob.userId}`)
    expect(byUser.json().data.map((r: { action: string }) => r.action)).toEqual([
      'credential.delete',
      'credential.create',
    ])
    const byAction = await h.request('GET', '/v1/audit?action=credential.create')
    expect(byAction.json().data).toHaveLength(2)
    const first = await h.request('GET', '/v1/audit?limit=3')
    expect(first.json().data).toHaveLength(3)
    const next = await h.request('GET', `/v1/audit?limit=3&cursor=${first.json().nextCursor}`)
    expect(next.json()).toMatchObject({ nextCursor: null })
    expect(next.json().data.map((r: { target: string }) => r.target)).toEqual([alice.credentialId])
    const future = await h.request('GET', '/v1/audit?after=9999-12-31T00:00:00Z')
    expect(future.json().data).toEqual([])
  })

  it('shows another workspace nothing, and refuses bad filters in the envelope', async () => {
    const other = await h.request('GET', `/v1/audit?userId=${alice.userId}`, {
      apiKey: h.otherApiKey,
    })
    expect(other.statusCode).toBe(200)
    expect(other.json().data).toEqual([])
    expect((await h.request('GET', '/v1/audit', { apiKey: h.otherApiKey })).json().data).toEqual([])
    expect((await h.request('GET', '/v1/audit', { apiKey: null })).statusCode).toBe(401)
    for (const query of [
      'cursor=x',
      "action=a'--",
      'after=yesterday',
      'limit=0',
      'userId=usr_1',
      'bogus=1',
    ]) {
      const bad = await h.request('GET', `/v1/audit?${query}`)
      expect(bad.statusCode, query).toBe(400)
      expect(bad.json().error.code).toBe('invalid_request')
    }
  })
})
