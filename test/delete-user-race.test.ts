// Deleting a user while a credential of theirs is being created: never a 5xx, and every credential that was
// announced (credential.created) is either still there or announced as deleted, with its audit row. Deleting a
// user also ends their OAuth grants at the provider, as deleting one credential does.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { insertNewCredential } from '../src/credentials/index.js'
import { AppError } from '../src/errors.js'
import { OAuthResponseError, refreshAccessToken } from '../src/oauth/index.js'
import { findUser } from '../src/store/index.js'
import { TEST_DATABASES } from './support/databases.js'
import { startHarness, type Harness } from './support/harness.js'
import { startTestProvider, type TestProvider } from './support/oidc-provider.js'
import {
  REFRESH_APP,
  REFRESH_REDIRECT,
  connectAtProvider,
  refreshRecipe,
  writeRefreshCatalog,
} from './support/oidc-refresh.js'
import { loopbackFetch } from './support/loopback-fetch.js'

const count = (values: number[]) =>
  values.reduce<Record<number, number>>((n, v) => ({ ...n, [v]: (n[v] ?? 0) + 1 }), {})

interface EventBody {
  type: string
  data: { credentialId: string }
}

describe.each(TEST_DATABASES)('deleting a user on $name', (database) => {
  let h: Harness
  let provider: TestProvider
  beforeAll(async () => {
    provider = await startTestProvider({ redirectURIs: [REFRESH_REDIRECT] })
    h = await startHarness(database, {
      catalogDirs: [writeRefreshCatalog(provider)],
      trustedPrivateHosts: ['127.0.0.1'], // the loopback provider
    })
    await h.request('PUT', `/v1/apps/${REFRESH_APP}/oauth-client`, {
      body: { clientId: provider.clientId, clientSecret: provider.clientSecret },
    })
  })
  afterAll(async () => {
    await h?.close()
    await provider?.close()
  })

  async function allEvents(): Promise<EventBody[]> {
    const events: EventBody[] = []
    let after = ''
    for (;;) {
      const page = (await h.request('GET', `/v1/events?limit=500${after}`)).json()
      events.push(...page.data)
      if (!page.nextCursor) return events
      after = `&after=${page.nextCursor}`
    }
  }

  it('races creates against the delete: no 5xx, no credential lost unannounced', async () => {
    const statuses: number[] = []
    for (let i = 0; i < 25; i++) {
      const { userId } = (
        await h.request('POST', '/v1/users', { body: { username: `racer-${i}` } })
      ).json()
      const create = () =>
        h.request('POST', '/v1/credentials', {
          body: {
            userId,
            app: 'stripe',
            data: { apiKey: `sk_test_race${i}race0123456789` },
            skipVerification: true,
          },
        })
      const token = () => h.request('POST', `/v1/users/${userId}/token`, { body: {} })
      // One credential made before the race, so every round has something the delete must announce.
      expect((await create()).statusCode).toBe(201)
      // The delete starts after a varying number of event-loop turns, to land at every point of the creates.
      const later = async () => {
        for (let turn = 0; turn < i % 8; turn++) await new Promise((r) => setImmediate(r))
        return h.request('DELETE', `/v1/users/${userId}`)
      }
      const results = await Promise.all([
        create(),
        later(),
        create(),
        token(),
        h.request('POST', '/v1/credentials/import', {
          body: { userId, app: 'slack', tokens: { accessToken: `xoxb-race-${i}` } },
        }),
      ])
      for (const r of results) {
        statuses.push(r.statusCode)
        if (r.statusCode >= 400) expect(r.json().error.code).toBe('user_not_found')
      }
      expect(results[1]!.statusCode).toBe(204)
    }
    expect(statuses.filter((s) => s >= 500)).toEqual([])
    expect(Object.keys(count(statuses)).sort()).toContain('201')

    const events = await allEvents()
    const deleted = new Set(
      events.filter((e) => e.type === 'credential.deleted').map((e) => e.data.credentialId),
    )
    const created = events
      .filter((e) => e.type === 'credential.created')
      .map((e) => e.data.credentialId)
    expect(created.length).toBeGreaterThan(0)
    const audited = new Set(
      (
        await h.store.db
          .selectFrom('auditLog')
          .select('target')
          .where('action', '=', 'credential.delete')
          .execute()
      ).map((r) => r.target),
    )
    for (const credentialId of created) {
      const still = (await h.request('GET', `/v1/credentials/${credentialId}`)).statusCode === 200
      // Every user was deleted: every credential announced must have been announced as deleted too.
      expect(still, credentialId).toBe(false)
      expect(deleted.has(credentialId), credentialId).toBe(true)
      expect(audited.has(credentialId), credentialId).toBe(true)
    }
  })

  it('refuses a create whose user was deleted after it was read, with 404 and nothing written', async () => {
    const { userId } = (
      await h.request('POST', '/v1/users', { body: { username: 'stale' } })
    ).json()
    const user = await findUser(h.store.db, h.workspaceId, userId)
    expect((await h.request('DELETE', `/v1/users/${userId}`)).statusCode).toBe(204)
    const app = h.deps.catalog.get('stripe')!
    const attempt = await insertNewCredential(
      h.deps,
      { workspaceId: h.workspaceId, actor: 'test', requestId: null },
      user!,
      app,
      {
        name: 'late',
        secret: { kind: 'fields', fields: { apiKey: 'sk_test_late' } },
        metadata: {},
        expiresAt: null,
        nextCheckAt: null,
      },
    ).catch((e: unknown) => e)
    expect(attempt).toBeInstanceOf(AppError)
    expect((attempt as AppError).code).toBe('user_not_found')
    const rows = await h.store.db
      .selectFrom('credential')
      .select('id')
      .where('userId', '=', userId)
      .execute()
    expect(rows).toEqual([])
  })

  it('revokes the user’s OAuth grants at the provider', async () => {
    const login = `leaving-${database.name}`
    const granted = await connectAtProvider(provider, login)
    const { userId } = (await h.request('POST', '/v1/users', { body: { username: login } })).json()
    const imported = await h.request('POST', '/v1/credentials/import', {
      body: {
        userId,
        app: REFRESH_APP,
        tokens: { accessToken: granted.accessToken, refreshToken: granted.refreshToken! },
      },
    })
    expect(imported.statusCode).toBe(201)
    expect((await h.request('DELETE', `/v1/users/${userId}`)).statusCode).toBe(204)
    const error = await refreshAccessToken({
      fetch: loopbackFetch,
      recipe: refreshRecipe(provider),
      client: { clientId: provider.clientId, clientSecret: provider.clientSecret },
      refreshToken: granted.refreshToken!,
    }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(OAuthResponseError)
    expect((error as OAuthResponseError).error).toBe('invalid_grant')
    const announced = (await allEvents()).filter(
      (e) =>
        e.type === 'credential.deleted' && e.data.credentialId === imported.json().credentialId,
    )
    expect(announced).toHaveLength(1)
  })
})
