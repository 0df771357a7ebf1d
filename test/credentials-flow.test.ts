// The seed's contract end to end through HTTP, on every test database.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createUserCredential } from './support/credentials.js'
import { TEST_DATABASES } from './support/databases.js'
import { startHarness, type Harness } from './support/harness.js'

describe.each(TEST_DATABASES)('credentials API on $name', (database) => {
  let h: Harness
  beforeAll(async () => {
    h = await startHarness(database)
  })
  afterAll(async () => h?.close())

  it('creates a user, stores an API-key credential, refuses an OAuth app, lists, reads the secret, deletes', async () => {
    const user = await h.request('POST', '/v1/users', {
      body: { username: 'merchant-1', email: 'm1@example.com', fullName: 'Mia One' },
    })
    expect(user.statusCode).toBe(201)
    const { userId } = user.json()
    expect(userId).toMatch(/^usr_/)

    const created = await h.request('POST', '/v1/credentials', {
      body: {
        userId,
        app: 'stripe',
        data: { apiKey: 'sk_test_abcdefghij1234567890' },
        skipVerification: true,
      },
    })
    expect(created.statusCode).toBe(201)
    const credential = created.json()
    expect(credential).toMatchObject({
      userId,
      app: 'stripe',
      name: 'Stripe',
      type: 'api_key',
      status: 'active',
    })
    expect(created.body).not.toContain('sk_test_abcdefghij1234567890')

    const oauth = await h.request('POST', '/v1/credentials', {
      body: { userId, app: 'shopify', data: { shop: 'mystore' } },
    })
    expect(oauth.statusCode).toBe(422)
    expect(oauth.json().error.code).toBe('oauth_app_requires_modal')
    expect(oauth.json().error.message).toMatch(/modal/)
    expect(oauth.json().error.message).toMatch(/\/v1\/credentials\/import/)

    const list = await h.request('GET', `/v1/users/${userId}/credentials`)
    expect(list.statusCode).toBe(200)
    expect(list.json().data.map((c: { credentialId: string }) => c.credentialId)).toEqual([
      credential.credentialId,
    ])
    expect(list.body).not.toContain('sk_test_')

    const secret = await h.request('GET', `/v1/credentials/${credential.credentialId}/secret`)
    expect(secret.statusCode).toBe(200)
    expect(secret.json()).toEqual({
      credentialId: credential.credentialId,
      type: 'api_key',
      expiresAt: null,
      data: { apiKey: 'sk_test_abcdefghij1234567890' },
    })
    expect(secret.headers['cache-control']).toBe('no-store')

    expect(
      (await h.request('DELETE', `/v1/credentials/${credential.credentialId}`)).statusCode,
    ).toBe(204)
    expect((await h.request('GET', `/v1/credentials/${credential.credentialId}`)).statusCode).toBe(
      404,
    )
    expect(
      (await h.request('GET', `/v1/credentials/${credential.credentialId}/secret`)).statusCode,
    ).toBe(404)
    expect((await h.request('GET', `/v1/users/${userId}/credentials`)).json().data).toEqual([])
  })

  it('names multi-field credentials after the account and keeps non-secret fields as metadata', async () => {
    const { userId } = (
      await h.request('POST', '/v1/users', { body: { username: 'zd-user' } })
    ).json()
    const created = await h.request('POST', '/v1/credentials', {
      body: {
        userId,
        app: 'zendesk',
        data: { subdomain: 'acme', email: 'agent@acme.test', apiToken: 'zd-token-123' },
        skipVerification: true,
      },
    })
    expect(created.statusCode).toBe(201)
    expect(created.json().name).toBe('Zendesk (API token) – acme')
    expect(created.json().metadata).toEqual({ subdomain: 'acme', email: 'agent@acme.test' })
    const renamed = await h.request('PATCH', `/v1/credentials/${created.json().credentialId}`, {
      body: { name: 'Support desk' },
    })
    expect(renamed.json().name).toBe('Support desk')
  })

  it('names every missing or malformed field', async () => {
    const { userId } = (
      await h.request('POST', '/v1/users', { body: { username: 'bad-fields' } })
    ).json()
    const response = await h.request('POST', '/v1/credentials', {
      body: { userId, app: 'zendesk', data: { subdomain: 'has space', nope: 'x' } },
    })
    expect(response.statusCode).toBe(422)
    const error = response.json().error
    expect(error.code).toBe('invalid_credential_data')
    expect(error.fields.map((f: { field: string }) => f.field).sort()).toEqual([
      'apiToken',
      'email',
      'nope',
      'subdomain',
    ])
  })

  it('answers unknown apps with 422 unknown_app and unknown users with 404', async () => {
    const { userId } = (
      await h.request('POST', '/v1/users', { body: { username: 'unknowns' } })
    ).json()
    const noApp = await h.request('POST', '/v1/credentials', {
      body: { userId, app: 'no-such-app', data: {} },
    })
    expect(noApp.statusCode).toBe(422)
    expect(noApp.json().error.code).toBe('unknown_app')
    const noUser = await h.request('POST', '/v1/credentials', {
      body: {
        userId: 'usr_00000000000000000000000000',
        app: 'stripe',
        data: { apiKey: 'sk_test_abcdefghij1234567890' },
      },
    })
    expect(noUser.statusCode).toBe(404)
    expect(noUser.json().error.code).toBe('user_not_found')
  })

  it('imports OAuth tokens, returns the access token but never the refresh token', async () => {
    const { userId } = (
      await h.request('POST', '/v1/users', { body: { username: 'importer' } })
    ).json()
    const notOAuth = await h.request('POST', '/v1/credentials/import', {
      body: { userId, app: 'stripe', tokens: { accessToken: 'x' } },
    })
    expect(notOAuth.json().error.code).toBe('not_oauth_app')
    const imported = await h.request('POST', '/v1/credentials/import', {
      body: {
        userId,
        app: 'shopify',
        data: { shop: 'mystore' },
        tokens: {
          accessToken: 'shpat_access',
          refreshToken: 'refresh-secret',
          scope: 'read_products',
          expiresAt: '2030-01-01T00:00:00Z',
        },
      },
    })
    expect(imported.statusCode).toBe(201)
    expect(imported.json()).toMatchObject({
      name: 'Shopify – mystore',
      type: 'oauth2',
      expiresAt: '2030-01-01T00:00:00.000Z',
    })
    const secret = await h.request('GET', `/v1/credentials/${imported.json().credentialId}/secret`)
    expect(secret.json().data).toEqual({
      accessToken: 'shpat_access',
      tokenType: 'Bearer',
      scope: 'read_products',
    })
    expect(secret.body).not.toContain('refresh-secret')
  })

  it('audits creates, secret reads and deletes', async () => {
    const { userId, credentialId } = await createUserCredential(h, {
      username: 'audited',
      app: 'stripe',
      data: { apiKey: 'sk_test_abcdefghij1234567890' },
      skipVerification: true,
    })
    await h.request('GET', `/v1/credentials/${credentialId}/secret`)
    await h.request('DELETE', `/v1/credentials/${credentialId}`)
    await h.deps.activity.flush()
    const rows = await h.store.db
      .selectFrom('auditLog')
      .select(['action', 'requestId'])
      .where('target', '=', credentialId)
      .orderBy('id')
      .execute()
    expect(rows.map((r) => r.action).sort()).toEqual([
      'credential.create',
      'credential.delete',
      'credential.secret_read',
    ])
    expect(rows).toHaveLength(3)
    expect(rows.every((r) => r.requestId?.startsWith('req_'))).toBe(true)
  })

  it('tells when and why a credential expired, as its credential.expired event did, in the view and the lists', async () => {
    const { userId, credentialId } = await createUserCredential(h, {
      username: 'expiring-view',
      app: 'perplexity',
      data: { apiKey: 'pplx-expiringview0000000000000000000000000000000' },
    })
    const before = (await h.request('GET', `/v1/credentials/${credentialId}`)).json()
    expect(before).toMatchObject({ status: 'active', expiredAt: null, expiryReason: null })

    const reported = await h.request('POST', `/v1/credentials/${credentialId}/report-invalid`)
    expect(reported.json().status).toBe('expired')
    const event = (await h.request('GET', '/v1/events?type=credential.expired'))
      .json()
      .data.find((e: { data: { credentialId: string } }) => e.data.credentialId === credentialId)
    expect(event.data.reason).toBe('reported_invalid')
    const expired = {
      status: 'expired',
      expiredAt: event.data.expiredAt,
      expiryReason: 'reported_invalid',
    }
    expect((await h.request('GET', `/v1/credentials/${credentialId}`)).json()).toMatchObject(
      expired,
    )
    const ofUser = (await h.request('GET', `/v1/users/${userId}/credentials`)).json().data
    expect(ofUser).toEqual([expect.objectContaining({ credentialId, ...expired })])
    const workspace = (await h.request('GET', '/v1/credentials?status=expired')).json().data
    expect(
      workspace.find((c: { credentialId: string }) => c.credentialId === credentialId),
    ).toMatchObject(expired)
  })
})
