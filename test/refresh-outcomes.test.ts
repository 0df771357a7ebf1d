// What each way a refresh can fail does to a credential. Only invalid_grant (the grant is gone) expires it and
// announces credential.expired; invalid_client and unauthorized_client (the platform's OAuth client is
// misconfigured), a 5xx, a network error and a timeout say nothing about the user's grant: the credential stays
// active, backs off, and nothing is announced. The real oidc-provider produces the outcomes it can
// (invalid_grant after a revocation, invalid_client for a wrong client secret); a scripted upstream the others.
import { mkdtempSync, writeFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { TEST_DATABASES } from './support/databases.js'
import { startHarness, type Harness } from './support/harness.js'
import { startTestProvider, type TestProvider } from './support/oidc-provider.js'
import { REFRESH_REDIRECT, connectAtProvider, refreshRecipe } from './support/oidc-refresh.js'

const REAL = 'local-oidc'
const SCRIPTED = 'local-scripted'
const PAST = '2020-01-01T00:00:00Z'

/** A token endpoint whose answer is chosen by the refresh token it is sent: `mode:<name>`. */
async function startScriptedUpstream(): Promise<{ url: string; close(): Promise<void> }> {
  const sockets = new Set<Socket>()
  const server: Server = createServer((req, res) => {
    let body = ''
    req.on('data', (chunk: Buffer) => (body += chunk.toString()))
    req.on('end', () => {
      const mode = (new URLSearchParams(body).get('refresh_token') ?? '').replace(/^mode:/, '')
      const json = (status: number, value: unknown) =>
        res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(value))
      if (mode === 'unauthorized_client')
        return json(400, { error: 'unauthorized_client', error_description: 'no refresh for you' })
      if (mode === 'server_error_500') return json(500, { message: 'boom' })
      if (mode === 'unavailable_503')
        return void res.writeHead(503, { 'content-type': 'text/html' }).end('<h1>down</h1>')
      if (mode === 'network') return void req.socket.destroy()
      if (mode === 'timeout') return // never answers
      json(200, { access_token: 'new-access', token_type: 'Bearer', expires_in: 3600 })
    })
  })
  server.on('connection', (socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/token`,
    close: () => {
      for (const socket of sockets) socket.destroy()
      return new Promise((r) => server.close(() => r()))
    },
  }
}

interface Case {
  outcome: string
  /** Makes a credential whose next refresh meets the outcome; returns its id and the API key of its workspace. */
  setup(): Promise<{ credentialId: string; apiKey: string }>
  expires: boolean
}

describe.each(TEST_DATABASES)('refresh outcomes on $name', (database) => {
  let provider: TestProvider
  let upstream: Awaited<ReturnType<typeof startScriptedUpstream>>
  let h: Harness
  let logins = 0

  beforeAll(async () => {
    provider = await startTestProvider({ redirectURIs: [REFRESH_REDIRECT] })
    upstream = await startScriptedUpstream()
    const dir = mkdtempSync(join(tmpdir(), 'keyport-outcomes-catalog-'))
    for (const [id, recipe] of [
      [REAL, refreshRecipe(provider)],
      [SCRIPTED, { ...refreshRecipe(provider, upstream.url), revocationURL: undefined }],
    ] as const) {
      const app = {
        id,
        name: id,
        categories: ['other'],
        docsURL: 'https://example.com/docs',
        confirmation: 'unconfirmed',
        auth: recipe,
      }
      writeFileSync(join(dir, `${id}.json`), JSON.stringify(app))
    }
    h = await startHarness(database, {
      catalogDirs: [dir],
      // The scripted timeout must not take the outbound client's 15 s: the same failure (a TimeoutError), sooner.
      fetch: (input, init) => fetch(input, { ...init, signal: AbortSignal.timeout(1000) }),
    })
    for (const app of [REAL, SCRIPTED]) {
      await h.request('PUT', `/v1/apps/${app}/oauth-client`, {
        body: { clientId: provider.clientId, clientSecret: provider.clientSecret },
      })
    }
    // The other workspace configured its client with a secret the provider does not know.
    await h.request('PUT', `/v1/apps/${REAL}/oauth-client`, {
      apiKey: h.otherApiKey,
      body: { clientId: provider.clientId, clientSecret: 'not-the-secret-0123456789' },
    })
  })
  afterAll(async () => {
    await h?.close()
    await upstream?.close()
    await provider?.close()
  })

  async function importInto(
    apiKey: string,
    app: string,
    tokens: { accessToken: string; refreshToken: string },
  ): Promise<{ credentialId: string; apiKey: string }> {
    const username = `outcome-${logins++}`
    const { userId } = (await h.request('POST', '/v1/users', { apiKey, body: { username } })).json()
    const imported = await h.request('POST', '/v1/credentials/import', {
      apiKey,
      body: { userId, app, tokens: { ...tokens, expiresAt: PAST } },
    })
    expect(imported.statusCode).toBe(201)
    return { credentialId: imported.json().credentialId, apiKey }
  }

  const realGrant = async (apiKey: string, revoke: boolean) => {
    const login = `grant-${database.name}-${logins}`
    const granted = await connectAtProvider(provider, login)
    if (revoke) await provider.revokeGrantsOf(login)
    return importInto(apiKey, REAL, {
      accessToken: granted.accessToken,
      refreshToken: granted.refreshToken!,
    })
  }
  const scripted = (mode: string) => () =>
    importInto(h.apiKey, SCRIPTED, { accessToken: 'old-access', refreshToken: `mode:${mode}` })

  const cases: Case[] = [
    { outcome: 'invalid_grant', setup: () => realGrant(h.apiKey, true), expires: true },
    { outcome: 'invalid_client', setup: () => realGrant(h.otherApiKey, false), expires: false },
    { outcome: 'unauthorized_client', setup: scripted('unauthorized_client'), expires: false },
    { outcome: '500', setup: scripted('server_error_500'), expires: false },
    { outcome: '503', setup: scripted('unavailable_503'), expires: false },
    { outcome: 'network error', setup: scripted('network'), expires: false },
    { outcome: 'timeout', setup: scripted('timeout'), expires: false },
  ]

  it('the scripted upstream answers a good refresh (the harness reaches it)', async () => {
    const { credentialId } = await scripted('ok')()
    const secret = await h.request('GET', `/v1/credentials/${credentialId}/secret`)
    expect(secret.json().data.accessToken).toBe('new-access')
  })

  it.each(cases)('$outcome: expires=$expires', async ({ setup, expires }) => {
    const { credentialId, apiKey } = await setup()
    const read = await h.request('GET', `/v1/credentials/${credentialId}/secret`, { apiKey })
    const view = (await h.request('GET', `/v1/credentials/${credentialId}`, { apiKey })).json()
    const events = (await h.request('GET', '/v1/events?limit=500', { apiKey })).json().data
    const announced = events
      .filter((e: { data: { credentialId?: string } }) => e.data.credentialId === credentialId)
      .map((e: { type: string; data: { reason?: string } }) =>
        e.type === 'credential.expired' ? `${e.type}:${e.data.reason}` : e.type,
      )
    const row = await h.store.db
      .selectFrom('credential')
      .select(['failureCount', 'nextCheckAt'])
      .where('id', '=', credentialId)
      .executeTakeFirstOrThrow()
    if (expires) {
      expect(read.statusCode).toBe(409)
      expect(read.json().error.code).toBe('credential_expired')
      expect(view.status).toBe('expired')
      expect(announced).toEqual(['credential.created', 'credential.expired:refresh_rejected'])
    } else {
      // The token is dead and could not be renewed: 502 now, the credential kept, retried later.
      expect(read.statusCode).toBe(502)
      expect(read.json().error.code).toBe('upstream_unavailable')
      expect(view.status).toBe('active')
      expect(announced).toEqual(['credential.created'])
      expect(row.failureCount).toBe(1)
      expect(Date.parse(row.nextCheckAt!)).toBeGreaterThan(Date.now())
    }
  })
})
