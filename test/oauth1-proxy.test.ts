// OAuth 1.0a credentials used through Keyport, checked by the loopback stand-in that verifies every signature with
// another implementation (oauth-sign): proxied requests signed per send (query string; form body signed, JSON body
// not), the token-based variant (NetSuite TBA: realm, HMAC-SHA256) created by POST /v1/credentials and verified
// signed, a wrong secret refused, and the secrets (token secret, consumer secret) never in a response they do not
// belong in, a log line, or the database in plaintext.
import { rmSync } from 'node:fs'
import { Writable } from 'node:stream'
import pino from 'pino'
import { loggerOptions } from '../src/logger.js'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { TEST_DATABASES } from './support/databases.js'
import { startHarness, type Harness } from './support/harness.js'
import { startConnectSession } from './support/connect-session.js'
import { writeOAuth1Catalog } from './support/oauth1-apps.js'
import { startOAuth1Provider, type OAuth1Provider } from './support/oauth1-provider.js'

const PUBLIC_URL = 'http://localhost:3997'

describe.each(TEST_DATABASES)('OAuth 1.0a through the proxy on $name', (database) => {
  let h: Harness
  let provider: OAuth1Provider
  let catalogDir: string
  let userId: string
  let credentialId: string
  const logs: string[] = []

  beforeAll(async () => {
    provider = await startOAuth1Provider({ signatureMethods: ['HMAC-SHA1', 'HMAC-SHA256'] })
    catalogDir = writeOAuth1Catalog(provider.url)
    const sink = new Writable({
      write(chunk, _encoding, done) {
        logs.push(chunk.toString())
        done()
      },
    })
    h = await startHarness(database, {
      build: { logger: pino({ ...loggerOptions('trace') }, sink) },
      catalogDirs: [catalogDir],
      trustedPrivateHosts: ['127.0.0.1'],
      publicURL: PUBLIC_URL,
    })
    await h.request('PUT', '/v1/apps/test-oauth1/oauth-client', {
      body: { clientId: provider.consumerKey, clientSecret: provider.consumerSecret },
    })
    const session = await startConnectSession(h, { publicURL: PUBLIC_URL, username: 'proxy-user' })
    userId = session.userId
    credentialId = await session.connect('test-oauth1', provider.authorize)
  })
  afterAll(async () => {
    await h?.close()
    await provider?.close()
    rmSync(catalogDir, { recursive: true, force: true })
  })

  it('signs a proxied GET with its query, and a form-encoded POST with its body', async () => {
    const before = provider.verified.length
    const get = await h.request('GET', `/v1/proxy/${credentialId}/items?q=a+b&tag=x%2Fy&tag=%C3%A9`)
    expect(get.statusCode).toBe(200)
    expect(get.headers['keyport-proxied']).toBe('1')
    expect(provider.verified.at(-1)).toMatchObject({
      method: 'GET',
      path: '/api/items',
      signatureMethod: 'HMAC-SHA1',
      parameters: [
        ['q', 'a b'],
        ['tag', 'x/y'],
        ['tag', 'é'],
      ],
    })
    const form = "status=Hello%20Ladies%20%2b%20Gentlemen&note=(it's)"
    const post = await h.app.inject({
      method: 'POST',
      url: `/v1/proxy/${credentialId}/statuses/update?include_entities=true`,
      payload: form,
      headers: {
        authorization: `Bearer ${h.apiKey}`,
        'content-type': 'application/x-www-form-urlencoded; charset=utf-8',
      },
    })
    expect(post.statusCode).toBe(200)
    expect(provider.verified.at(-1)).toMatchObject({
      method: 'POST',
      body: form,
      parameters: [
        ['include_entities', 'true'],
        ['status', 'Hello Ladies + Gentlemen'],
        ['note', "(it's)"],
      ],
    })
    // A JSON body is not a parameter source (RFC 5849 §3.4.1.3.1): sent as it is, signature still valid.
    const json = await h.app.inject({
      method: 'POST',
      url: `/v1/proxy/${credentialId}/things`,
      payload: JSON.stringify({ a: 'b=c' }),
      headers: { authorization: `Bearer ${h.apiKey}`, 'content-type': 'application/json' },
    })
    expect(json.statusCode).toBe(200)
    expect(provider.verified.at(-1)).toMatchObject({ body: '{"a":"b=c"}', parameters: [] })
    expect(provider.verified.length).toBe(before + 3)
    expect(provider.refusals).toEqual([])
  })

  it('signs every send afresh: the same request twice carries two nonces, both accepted', async () => {
    const before = provider.verified.length
    for (let i = 0; i < 2; i++)
      expect((await h.request('GET', `/v1/proxy/${credentialId}/same`)).statusCode).toBe(200)
    expect(provider.verified.length).toBe(before + 2)
    expect(provider.refusals.filter((r) => r.problem === 'nonce_used')).toEqual([])
  })

  it('token-based (TBA): created with typed credentials, verified signed, proxied with realm and HMAC-SHA256', async () => {
    const consumerKey = `tba_ck_${Date.now()}`
    const consumerSecret = 'tba-consumer-secret'
    const issued = provider.addToken(consumerKey, consumerSecret)
    const data = {
      accountId: '1234567_SB1',
      consumerKey,
      consumerSecret,
      token: issued.token,
      tokenSecret: issued.tokenSecret,
    }
    const wrong = await h.request('POST', '/v1/credentials', {
      body: { userId, app: 'test-oauth1-tba', data: { ...data, tokenSecret: 'guessed' } },
    })
    expect(wrong.statusCode).toBe(422)
    expect(wrong.json().error.code).toBe('credential_verification_failed')
    expect(wrong.body).not.toContain('guessed')

    const created = await h.request('POST', '/v1/credentials', {
      body: { userId, app: 'test-oauth1-tba', data },
    })
    expect(created.statusCode).toBe(201)
    expect(created.json()).toMatchObject({ type: 'oauth1_token', status: 'active' })
    expect(created.body).not.toContain(issued.tokenSecret)
    const id = created.json().credentialId
    const proxied = await h.request('GET', `/v1/proxy/${id}/record/v1/customer?limit=1`)
    expect(proxied.statusCode).toBe(200)
    expect(provider.verified.at(-1)).toMatchObject({
      realm: '1234567_SB1',
      signatureMethod: 'HMAC-SHA256',
      token: issued.token,
      parameters: [['limit', '1']],
    })
    // The typed credential is the platform's to sign with itself: /secret returns the fields.
    const secret = (await h.request('GET', `/v1/credentials/${id}/secret`)).json()
    expect(secret.data).toEqual(data)
  })

  it('another workspace cannot read or use the credential (404, nothing sent)', async () => {
    const before = provider.verified.length
    for (const path of [
      `/v1/credentials/${credentialId}/secret`,
      `/v1/proxy/${credentialId}/items`,
    ]) {
      const other = await h.request('GET', path, { apiKey: h.otherApiKey })
      expect(other.statusCode).toBe(404)
      expect(other.json().error.code).toBe('credential_not_found')
    }
    expect(provider.verified.length).toBe(before)
  })

  it('canary: the consumer secret and token secret are in no response but /secret, no log line, no plaintext row', async () => {
    const [, record] = [...provider.tokens].find(([t]) => t.startsWith('at_'))!
    const responses = [
      await h.request('GET', `/v1/credentials/${credentialId}`),
      await h.request('GET', `/v1/users/${userId}/credentials`),
      await h.request('GET', '/v1/apps/test-oauth1/oauth-client'),
      await h.request('GET', `/v1/proxy/${credentialId}/items`),
      await h.request('GET', `/v1/credentials/${credentialId}/events`),
      await h.request('GET', '/v1/audit'),
    ]
    for (const response of responses) {
      expect(response.body).not.toContain(record.secret)
      expect(response.body).not.toContain(provider.consumerSecret)
    }
    const secret = await h.request('GET', `/v1/credentials/${credentialId}/secret`)
    expect(secret.body).toContain(record.secret)
    expect(secret.body).not.toContain(provider.consumerSecret)
    const joined = logs.join('')
    expect(joined.length).toBeGreaterThan(1000) // the log really was written
    expect(joined).not.toContain(record.secret)
    expect(joined).not.toContain(provider.consumerSecret)
    for (const table of [
      'credential',
      'oauth_client',
      'oauth_flow',
      'audit_log',
      'event',
    ] as const) {
      const rows = await h.store.db
        .selectFrom(table as 'credential')
        .selectAll()
        .execute()
      const text = JSON.stringify(rows)
      expect(text).not.toContain(record.secret)
      expect(text).not.toContain(provider.consumerSecret)
    }
  })
})
