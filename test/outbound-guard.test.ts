// Issue 10 §2: values a user types cannot aim Keyport at internal addresses. Every request to a provider goes
// through the providers' outbound client (KEYPORT_TRUSTED_PRIVATE_HOSTS) and every webhook through the webhooks'
// one (KEYPORT_WEBHOOK_ALLOWED_HOSTS); neither setting relaxes the other. A refused typed host is a 422 naming the
// field, and no connection is made: listeners on 443 and on a port of our own count every connection.
import { once } from 'node:events'
import { createServer, type Server } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { checkCredential } from '../src/credentials/index.js'
import { createOutboundClient } from '../src/net/index.js'
import { createEndpoint, parseAllowList } from '../src/webhooks/index.js'
import { Worker } from '../src/worker/index.js'
import { TEST_DATABASES } from './support/databases.js'
import { startHarness, type Harness } from './support/harness.js'
import { startLocalServer, writeCatalogDir, type LocalServer } from './support/local-app.js'
import { startReceiver, type Receiver } from './support/receiver.js'

/** A TCP listener on every local address that only counts connections (and closes them). */
async function countingListener(port: number): Promise<{ server: Server; count: () => number }> {
  let connections = 0
  const server = createServer((socket) => {
    connections++
    socket.destroy()
  })
  server.listen(port, '::')
  await once(server, 'listening')
  return { server, count: () => connections }
}

// A private app whose verification the catalog points at loopback: only KEYPORT_TRUSTED_PRIVATE_HOSTS reaches it.
const privateApp = (baseURL: string) => ({
  id: 'private-check',
  name: 'Private',
  categories: ['other'],
  docsURL: 'https://example.com/docs',
  confirmation: 'documented',
  auth: {
    type: 'api_key',
    fields: [{ name: 'apiKey', displayName: 'API key', secret: true }],
    verification: { method: 'GET', url: `${baseURL}/me`, headers: { authorization: '{apiKey}' } },
  },
})

describe.each(TEST_DATABASES)('the outbound guard on $name', (database) => {
  let https443: Awaited<ReturnType<typeof countingListener>>
  let own: Awaited<ReturnType<typeof countingListener>>
  let ownPort = 0
  let privateServer: LocalServer
  let receiver: Receiver
  /** Trusts 127.0.0.1 for webhooks only: providers must still be refused. */
  let webhookTrusting: Harness
  /** Trusts 127.0.0.1 for providers only: webhooks must still be refused. */
  let providerTrusting: Harness
  let webhookUser = ''
  let providerUser = ''

  beforeAll(async () => {
    https443 = await countingListener(443) // CI runs as root; the verification URLs are https:// on 443
    own = await countingListener(0)
    ownPort = (own.server.address() as { port: number }).port
    privateServer = await startLocalServer((req, res) => {
      res.statusCode = req.headers.authorization === 'good' ? 200 : 401
      res.end('{}')
    })
    receiver = await startReceiver()
    const catalogDirs = [writeCatalogDir([privateApp(privateServer.url)])]
    webhookTrusting = await startHarness(database, {
      catalogDirs,
      webhookAllowedHosts: ['127.0.0.1', '::1', 'localhost'],
    })
    providerTrusting = await startHarness(database, {
      catalogDirs,
      trustedPrivateHosts: ['127.0.0.1'],
    })
    const user = async (h: Harness) =>
      (await h.request('POST', '/v1/users', { body: { username: 'guard' } })).json().userId
    webhookUser = await user(webhookTrusting)
    providerUser = await user(providerTrusting)
  })
  afterAll(async () => {
    await webhookTrusting?.close()
    await providerTrusting?.close()
    await receiver?.close()
    await privateServer?.close()
    https443?.server.close()
    own?.server.close()
  })

  const create = (h: Harness, userId: string, app: string, data: Record<string, string>) =>
    h.request('POST', '/v1/credentials', { body: { userId, app, data } })

  it.each([
    '2130706434', // 127.0.0.2, decimal
    '0x7f000002', // hex
    '127.0.0.2',
    '127.1',
    'localhost',
    '[::1]',
    '[::ffff:7f00:2]',
    'blog.localhost', // a name that resolves to loopback (RFC 6761)
    'metadata.google.internal',
  ])('refuses wordpress host %s with a 422 naming the field, connecting nowhere', async (host) => {
    const before = https443.count()
    const response = await create(webhookTrusting, webhookUser, 'wordpress', {
      host,
      username: 'u',
      password: 'p',
    })
    expect(response.statusCode).toBe(422)
    expect(response.json().error).toMatchObject({
      code: 'invalid_credential_data',
      fields: [expect.objectContaining({ field: 'host' })],
    })
    expect(https443.count()).toBe(before)
  })

  it("refuses the same through the modal's connect, naming the field", async () => {
    const { token } = (
      await webhookTrusting.request('POST', `/v1/users/${webhookUser}/token`, { body: {} })
    ).json()
    const before = https443.count()
    const response = await webhookTrusting.request('POST', '/connect/api/credentials', {
      apiKey: null,
      headers: { authorization: `Bearer ${token}` },
      body: { app: 'wordpress', data: { host: 'wp.localhost', username: 'u', password: 'p' } },
    })
    expect(response.statusCode).toBe(422)
    expect(response.json().error).toMatchObject({
      code: 'invalid_credential_data',
      fields: [expect.objectContaining({ field: 'host' })],
    })
    expect(https443.count()).toBe(before)
  })

  it.each(['chat.localhost', '127.0.0.2', '2130706434', 'localhost', 'chat.localhost.'])(
    'refuses mattermost at %s:<port> without connecting to that port',
    async (host) => {
      const response = await create(webhookTrusting, webhookUser, 'mattermost', {
        host: `${host}:${ownPort}`,
        apiToken: 'x',
      })
      expect(response.statusCode).toBe(422)
      expect(response.json().error.fields).toEqual([expect.objectContaining({ field: 'host' })])
      expect(own.count()).toBe(0)
    },
  )

  it('puts a typed port in the URL as the port (mattermost), and refuses one where the app takes none', async () => {
    // Trusted loopback: the check really goes to 127.0.0.1:<port> (TLS to a plain TCP listener: unverifiable).
    const response = await create(providerTrusting, providerUser, 'mattermost', {
      host: `chat.localhost:${ownPort}`,
      apiToken: 'x',
    })
    expect(response.statusCode).toBe(502)
    expect(response.json().error.code).toBe('verification_unavailable')
    expect(own.count()).toBe(1)
    const wordpress = await create(providerTrusting, providerUser, 'wordpress', {
      host: 'blog.example.com:8443',
      username: 'u',
      password: 'p',
    })
    expect(wordpress.statusCode).toBe(422)
    expect(wordpress.json().error.fields).toEqual([expect.objectContaining({ field: 'host' })])
  })

  it.each([
    ['username', 'u\r\nX-Injected: 1'],
    ['username', 'u\u2028v'], // Unicode line separator
    ['password', 'p\r\nX-Injected: 1'],
    ['password', 'p\u0007'],
    ['password', 'p\n'], // a trailing newline pasted with a secret
    ['host', 'blog.example.com\r\nX-Injected: 1'],
  ])('refuses a control character in %s with a 422 naming it', async (field, value) => {
    const before = https443.count()
    const data = { host: 'blog.example.com', username: 'u', password: 'p', [field]: value }
    const response = await create(webhookTrusting, webhookUser, 'wordpress', data)
    expect(response.statusCode).toBe(422)
    expect(response.json().error).toMatchObject({
      code: 'invalid_credential_data',
      fields: [expect.objectContaining({ field })],
    })
    expect(response.body).not.toContain('X-Injected')
    expect(https443.count()).toBe(before)
  })

  it('keeps line breaks where a field is multi-line (a PEM key)', async () => {
    const pem = '-----BEGIN PRIVATE KEY-----\nMIIB\n-----END PRIVATE KEY-----\n'
    const response = await create(webhookTrusting, webhookUser, 'adp-workforce-now', {
      clientId: 'id',
      clientSecret: 'secret',
      certificate: pem.replace(/PRIVATE KEY/g, 'CERTIFICATE'),
      privateKey: pem,
    })
    expect(response.statusCode).toBe(201)
  })

  it('refuses a private provider with only the webhook allow-list set, naming the setting that trusts it', async () => {
    const before = privateServer.requests.length
    const response = await create(webhookTrusting, webhookUser, 'private-check', { apiKey: 'good' })
    expect(response.statusCode).toBe(502)
    expect(response.json().error.message).toMatch(/KEYPORT_TRUSTED_PRIVATE_HOSTS/)
    expect(privateServer.requests.length).toBe(before)
  })

  it('reaches a private provider the operator trusts; a later refusal is "could not verify", never expiry', async () => {
    const created = await create(providerTrusting, providerUser, 'private-check', {
      apiKey: 'good',
    })
    expect(created.statusCode).toBe(201)
    const { credentialId } = created.json()
    const strict = createOutboundClient({ trusted: [] })
    try {
      const before = privateServer.requests.length
      const actor = { workspaceId: providerTrusting.workspaceId, actor: 'test', requestId: null }
      const result = await checkCredential(
        { ...providerTrusting.deps, fetch: strict.fetch },
        actor,
        credentialId,
      )
      expect(result).toMatchObject({ status: 'active', outcome: 'unavailable' })
      expect(privateServer.requests.length).toBe(before)
      const read = await providerTrusting.request('GET', `/v1/credentials/${credentialId}`)
      expect(read.json().status).toBe('active')
    } finally {
      await strict.close()
    }
  })

  it('refuses private webhook targets with only the providers setting set, at creation and at send', async () => {
    const refused = await providerTrusting.request('POST', '/v1/webhooks', {
      body: { url: receiver.url },
    })
    expect(refused.statusCode).toBe(422)
    expect(refused.json().error.code).toBe('invalid_webhook_url')
    // An endpoint registered while the webhook allow-list still covered it: every send is still refused.
    const endpoint = await createEndpoint(
      { ...providerTrusting.deps, webhookAllow: parseAllowList(['127.0.0.1']) },
      providerTrusting.workspaceId,
      { url: receiver.url },
    )
    const worker = new Worker({ ...providerTrusting.deps, onError: () => undefined })
    try {
      await providerTrusting.request('POST', `/v1/webhooks/${endpoint.webhookId}/test`)
      expect(await worker.deliveries.drain()).toBe(1)
      const [delivery] = (
        await providerTrusting.request('GET', `/v1/webhooks/${endpoint.webhookId}/deliveries`)
      ).json().data
      expect(delivery.lastError).toMatch(/^refused: 127\.0\.0\.1 is a private, loopback/)
      expect(receiver.received).toHaveLength(0)
    } finally {
      await worker.stop()
    }
  })
})
