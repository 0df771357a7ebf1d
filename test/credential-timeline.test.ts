// GET /v1/credentials/{id}/events: a credential's events and recorded actions in order, on both databases.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { TEST_DATABASES } from './support/databases.js'
import { startHarness, type Harness } from './support/harness.js'
import { createUserCredential } from './support/credentials.js'
import { eventCredential } from '../src/store/migrations/2026-12-03T1915-event-credential.js'

const KEY = 'sk_test_TIMELINECANARY000000'

describe.each(TEST_DATABASES)('credential timeline on $name', (database) => {
  let h: Harness
  let credentialId: string

  beforeAll(async () => {
    h = await startHarness(database)
    ;({ credentialId } = await createUserCredential(h, {
      username: 'tim',
      email: 'tim@example.com',
      app: 'stripe',
      data: { apiKey: KEY },
      skipVerification: true,
    }))
    expect((await h.request('GET', `/v1/credentials/${credentialId}/secret`)).statusCode).toBe(200)
    await h.deps.activity.flush()
    // Another credential's history must not leak into this one.
    await createUserCredential(h, {
      username: 'tom',
      app: 'stripe',
      data: { apiKey: 'sk_test_other0000000000000' },
      skipVerification: true,
    })
  })
  afterAll(() => h.close())

  it('lists the creation event and every recorded action, oldest first, never the secret', async () => {
    const response = await h.request('GET', `/v1/credentials/${credentialId}/events`)
    expect(response.statusCode).toBe(200)
    expect(response.body).not.toContain(KEY)
    const entries = response.json().data as { kind: string; type: string; data: unknown }[]
    expect(entries.map((e) => `${e.kind} ${e.type}`)).toEqual([
      'audit credential.create',
      'event credential.created',
      'audit credential.secret_read',
    ])
    expect(entries[1]!.data).toMatchObject({ credentialId, userEmail: 'tim@example.com' })
  })

  it('answers 404 for another workspace, 401 without a key, in the envelope', async () => {
    const other = await h.request('GET', `/v1/credentials/${credentialId}/events`, {
      apiKey: h.otherApiKey,
    })
    expect(other.statusCode).toBe(404)
    expect(other.json().error.code).toBe('credential_not_found')
    const anonymous = await h.request('GET', `/v1/credentials/${credentialId}/events`, {
      apiKey: null,
    })
    expect(anonymous.statusCode).toBe(401)
  })

  it('fills the credential of events written before the column existed', async () => {
    // As an older version wrote them: the id only inside the data.
    await h.store.db
      .updateTable('event')
      .set({ credentialId: null })
      .where('workspaceId', '=', h.workspaceId)
      .execute()
    await h.store.db.schema.dropIndex('event_workspace_credential').execute()
    await h.store.db.schema.alterTable('event').dropColumn('credential_id').execute()
    // The migration itself, run again on the older shape (migrateToLatest would refuse it out of order).
    await eventCredential.up(h.store.db as never)
    const entries = (await h.request('GET', `/v1/credentials/${credentialId}/events`)).json().data
    expect(entries.filter((e: { kind: string }) => e.kind === 'event')).toHaveLength(1)
  })
})
