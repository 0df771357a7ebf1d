// OAuth 2.0 client credentials (RFC 6749 §4.4) against the suite's real authorization server (oidc-provider with the
// grant enabled), behind a loopback gate that can make it look down (503) or make the stored secret look revoked
// (it swaps in a wrong secret, so oidc-provider itself answers invalid_client).
import { request as httpRequest } from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { TEST_DATABASES } from './support/databases.js'
import { startHarness, type Harness } from './support/harness.js'
import { startLocalServer, writeCatalogDir, type LocalServer } from './support/local-app.js'
import {
  ageToken,
  capturedLogger,
  createUser,
  expectNoLeak,
  readSecretTimes,
} from './support/minted.js'
import { startTestProvider, type TestProvider } from './support/oidc-provider.js'

const CLIENT_ID = 'keyport-cc-client'
const CANARY_SECRET = 'cc-secret-CANARY-5e1d0c7b9a2f4e6d8c0b'
const APP = 'local-client-credentials'

describe.each(TEST_DATABASES)('client credentials on $name', (database) => {
  let provider: TestProvider
  let gate: LocalServer
  let api: LocalServer
  let h: Harness
  let mode: 'pass' | 'down' | 'revoked' = 'pass'
  const seenTokens: string[] = []
  const responses: string[] = []
  const captured = capturedLogger()
  let userId: string

  beforeAll(async () => {
    provider = await startTestProvider({
      redirectURIs: ['http://127.0.0.1/unused'],
      clientId: CLIENT_ID,
      clientSecret: CANARY_SECRET,
      clientCredentials: true,
    })
    gate = await startLocalServer((req, res) => {
      if (mode === 'down') {
        res.writeHead(503, { 'content-type': 'text/html' }).end('<h1>down for maintenance</h1>')
        return
      }
      const chunks: Buffer[] = []
      req.on('data', (c: Buffer) => chunks.push(c))
      req.on('end', () => {
        const headers = { ...req.headers }
        if (mode === 'revoked')
          headers.authorization = `Basic ${Buffer.from(`${CLIENT_ID}:rotated-away`).toString('base64')}`
        const upstream = httpRequest(
          `${provider.issuer}${req.url}`,
          { method: 'POST', headers },
          (up) => {
            res.writeHead(up.statusCode ?? 502, up.headers)
            up.pipe(res)
          },
        )
        upstream.end(Buffer.concat(chunks))
      })
    })
    // The app's API: answers 200 to a Bearer token, remembering it so a test can compare it with /secret's.
    api = await startLocalServer((req, res) => {
      const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1]
      if (token) seenTokens.push(token)
      res
        .writeHead(token ? 200 : 401, { 'content-type': 'application/json' })
        .end(JSON.stringify({ ok: Boolean(token) }))
    })
    const catalogDir = writeCatalogDir([
      {
        id: APP,
        name: 'Local Client Credentials',
        categories: ['other'],
        docsURL: 'https://example.com/docs',
        confirmation: 'unconfirmed',
        auth: {
          type: 'client_credentials',
          fields: [
            { name: 'clientId', displayName: 'Client ID', secret: false },
            { name: 'clientSecret', displayName: 'Client secret', secret: true },
          ],
          tokenURL: `${gate.url}/token`,
          scopes: [],
          tokenEndpointAuthMethod: 'client_secret_basic',
          verification: {
            method: 'GET',
            url: `${api.url}/me`,
            headers: { Authorization: 'Bearer {accessToken}' },
          },
        },
        api: { baseURL: api.url },
      },
    ])
    h = await startHarness(database, {
      catalogDirs: [catalogDir],
      trustedPrivateHosts: ['127.0.0.1'],
      build: { logger: captured.logger },
    })
    userId = await createUser(h, 'cc-user')
  })
  afterAll(async () => {
    await h?.close()
    await Promise.all([gate?.close(), api?.close(), provider?.close()])
  })

  async function call(method: string, url: string, body?: unknown, apiKey?: string) {
    const response = await h.request(method, url, {
      ...(body === undefined ? {} : { body }),
      ...(apiKey ? { apiKey } : {}),
    })
    responses.push(response.body + JSON.stringify(response.headers))
    return response
  }

  async function connect(): Promise<string> {
    mode = 'pass'
    const created = await call('POST', '/v1/credentials', {
      userId,
      app: APP,
      data: { clientId: CLIENT_ID, clientSecret: CANARY_SECRET },
    })
    expect(created.statusCode, created.body).toBe(201)
    return (created.json() as { credentialId: string }).credentialId
  }

  it('mints a token on create (the verification runs with it); /secret hands out the token, not the secret', async () => {
    const before = provider.tokenRequests()
    const credentialId = await connect()
    expect(provider.tokenRequests()).toBe(before + 1)
    const secret = await call('GET', `/v1/credentials/${credentialId}/secret`)
    expect(secret.statusCode).toBe(200)
    const body = secret.json() as {
      type: string
      expiresAt: string
      data: { accessToken: string; tokenType: string; expiresAt: string }
    }
    expect(body.type).toBe('client_credentials')
    expect(body.data.tokenType).toBe('Bearer')
    expect(body.data.expiresAt).toBe(body.expiresAt)
    expect(Date.parse(body.expiresAt) - Date.now()).toBeGreaterThan(3000_000)
    expect(seenTokens.at(-1)).toBe(body.data.accessToken) // the verification sent this very token
    expect(JSON.stringify(body)).not.toContain(CANARY_SECRET)
    // A cached token: reading again asks nobody.
    await call('GET', `/v1/credentials/${credentialId}/secret`)
    expect(provider.tokenRequests()).toBe(before + 1)
    // The proxy injects it as a Bearer token.
    const proxied = await call('GET', `/v1/proxy/${credentialId}/items`)
    expect(proxied.statusCode).toBe(200)
    expect(seenTokens.at(-1)).toBe(body.data.accessToken)
    // Another workspace cannot read it.
    const foreign = await call(
      'GET',
      `/v1/credentials/${credentialId}/secret`,
      undefined,
      h.otherApiKey,
    )
    expect(foreign.statusCode).toBe(404)
  })

  it('refuses a wrong client secret with 422 (invalid_client from the server) and stores nothing', async () => {
    const before = await h.store.db.selectFrom('credential').select('id').execute()
    const created = await call('POST', '/v1/credentials', {
      userId,
      app: APP,
      data: { clientId: CLIENT_ID, clientSecret: 'not-the-secret' },
    })
    expect(created.statusCode).toBe(422)
    expect(created.json().error.code).toBe('credential_verification_failed')
    expect(created.json().error.message).toContain('invalid_client')
    expect(await h.store.db.selectFrom('credential').select('id').execute()).toHaveLength(
      before.length,
    )
  })

  it('20 concurrent reads of an expired token cause exactly one token request', async () => {
    const credentialId = await connect()
    await ageToken(h, credentialId)
    const before = provider.tokenRequests()
    const reads = await readSecretTimes(h, credentialId, 20)
    expect(provider.tokenRequests()).toBe(before + 1)
    const tokens = new Set(
      reads.map((r) => (JSON.parse(r.body) as { data: { accessToken: string } }).data.accessToken),
    )
    expect(reads.every((r) => r.statusCode === 200)).toBe(true)
    expect(tokens.size).toBe(1)
    responses.push(...reads.map((r) => r.body))
  })

  it('a provider answering 503 is transient: 502, the credential stays active with the failure counted', async () => {
    const credentialId = await connect()
    await ageToken(h, credentialId)
    mode = 'down'
    const read = await call('GET', `/v1/credentials/${credentialId}/secret`)
    expect(read.statusCode).toBe(502)
    expect(read.json().error.code).toBe('upstream_unavailable')
    const row = await h.store.db
      .selectFrom('credential')
      .selectAll()
      .where('id', '=', credentialId)
      .executeTakeFirstOrThrow()
    expect(row.status).toBe('active')
    expect(row.failureCount).toBe(1)
    mode = 'pass'
    expect((await call('GET', `/v1/credentials/${credentialId}/secret`)).statusCode).toBe(200)
  })

  it('a secret the server no longer accepts (invalid_client) expires the credential, announced once', async () => {
    const credentialId = await connect()
    await ageToken(h, credentialId)
    mode = 'revoked'
    const reads = await readSecretTimes(h, credentialId, 5)
    expect(reads.map((r) => r.statusCode)).toEqual([409, 409, 409, 409, 409])
    const row = await h.store.db
      .selectFrom('credential')
      .selectAll()
      .where('id', '=', credentialId)
      .executeTakeFirstOrThrow()
    expect(row.status).toBe('expired')
    expect(row.expiredReason).toBe('mint_rejected')
    const events = await h.store.db
      .selectFrom('event')
      .selectAll()
      .where('credentialId', '=', credentialId)
      .where('type', '=', 'credential.expired')
      .execute()
    expect(events).toHaveLength(1)
    expect(JSON.parse(events[0]!.data)).toMatchObject({ reason: 'mint_rejected' })
    mode = 'pass'
  })

  it('never lets the client secret reach a response, a log line or a table', async () => {
    await expectNoLeak(h, {
      needles: [CANARY_SECRET, Buffer.from(`${CLIENT_ID}:${CANARY_SECRET}`).toString('base64')],
      responses,
      log: captured.text(),
      seen: CLIENT_ID, // the client id is public metadata: the dump does show plaintext
    })
  })
})
