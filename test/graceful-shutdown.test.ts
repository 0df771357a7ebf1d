// SIGTERM on a real `keyport serve`: a request in flight still gets its answer, and the secret reads buffered for
// the batched audit log are written before the process exits 0 (rolling restarts lose nothing).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { listAuditRows } from '../src/store/index.js'
import { TEST_DATABASES } from './support/databases.js'
import { startHarness, testKeyringSpec, type Harness } from './support/harness.js'
import { startLocalServer, writeCatalogDir, type LocalServer } from './support/local-app.js'
import { startNodeProcess } from './support/node-process.js'

const slowCheckApp = (baseURL: string) => ({
  id: 'slow-check',
  name: 'Slow Check',
  categories: ['crm'],
  docsURL: 'https://example.com/docs',
  confirmation: 'documented',
  auth: {
    type: 'api_key',
    fields: [{ name: 'apiKey', displayName: 'API key', secret: true, pattern: 'sk_[a-z0-9]+' }],
    verification: {
      method: 'GET',
      url: `${baseURL}/me`,
      headers: { Authorization: 'Bearer {apiKey}' },
    },
  },
})

describe.each(TEST_DATABASES)('graceful shutdown on $name', (database) => {
  const keys = testKeyringSpec()
  let h: Harness
  let upstream: LocalServer
  let holdChecks = false
  let checkArrived: () => void = () => {}

  beforeAll(async () => {
    upstream = await startLocalServer((_req, res) => {
      if (!holdChecks) return void res.end('{}')
      checkArrived()
      // The app's key check takes a while, so the create is still in flight when SIGTERM arrives.
      setTimeout(() => res.end('{}'), 1500)
    })
    h = await startHarness(database, { keyringSpec: keys })
  })
  afterAll(async () => {
    await h?.close()
    await upstream?.close()
  })

  it('answers the request in flight and writes buffered audit rows before exiting 0', async () => {
    const node = await startNodeProcess({
      database: h.databaseConfig,
      encryptionKeys: keys,
      env: { KEYPORT_CATALOG_DIRS: writeCatalogDir([slowCheckApp(upstream.url)]) },
    })
    const call = (method: string, path: string, body?: object) =>
      fetch(node.url + path, {
        method,
        headers: { authorization: `Bearer ${h.apiKey}`, 'content-type': 'application/json' },
        ...(body ? { body: JSON.stringify(body) } : {}),
      })
    const userId = (await (await call('POST', '/v1/users', { username: 'rolling' })).json()).userId
    const first = await call('POST', '/v1/credentials', {
      userId,
      app: 'slow-check',
      data: { apiKey: 'sk_first' },
    })
    expect(first.status).toBe(201)
    const credentialId = (await first.json()).credentialId as string
    for (let i = 0; i < 5; i++)
      expect((await call('GET', `/v1/credentials/${credentialId}/secret`)).status).toBe(200)

    holdChecks = true
    const arrived = new Promise<void>((resolve) => (checkArrived = resolve))
    const inFlight = call('POST', '/v1/credentials', {
      userId,
      app: 'slow-check',
      data: { apiKey: 'sk_second' },
    })
    await arrived
    const exited = node.kill('SIGTERM')

    const second = await inFlight
    expect(second.status).toBe(201)
    const secondId = (await second.json()).credentialId as string
    expect(await exited).toBe(0)
    const stored = await h.store.db
      .selectFrom('credential')
      .select('id')
      .where('id', '=', secondId)
      .executeTakeFirst()
    expect(stored?.id).toBe(secondId)
    const audited = await listAuditRows(h.store.db, h.workspaceId, credentialId)
    expect(audited.filter((r) => r.action === 'credential.secret_read')).toHaveLength(5)
    await expect(fetch(node.url + '/healthz')).rejects.toThrow()
  })
})
