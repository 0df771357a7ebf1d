// Instagram (Instagram Login) has no refresh token: its 60-day token is extended with ig_refresh_token once it is
// at least 24 hours old. End to end through the built-in `instagram` app, with a loopback server standing in for
// api.instagram.com and graph.instagram.com: connect, the refresh-ahead sweep extending the token a day before it
// expires, a 500 that is not expiry, an invalid token that is (one credential.expired), a token too young to send.
// The token travels in a query string there, so the log and every response but /secret are checked for it.
import { Writable } from 'node:stream'
import { pino } from 'pino'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { credentialSweeps, type CredentialSweep } from '../src/credentials/index.js'
import { loggerOptions } from '../src/logger.js'
import { startLocalProvider, type LocalProvider } from '../src/oauth/quirks/testing.js'
import { TEST_DATABASES } from './support/databases.js'
import { startHarness, type Harness } from './support/harness.js'
import { startOAuthFlow } from './support/oauth-start.js'

const PUBLIC_URL = 'http://localhost:3999'
const HOUR = 3_600_000
const SIXTY_DAYS = 5_184_000

describe.each(TEST_DATABASES)('Instagram token extension on $name', (database) => {
  const tokens = [1, 2, 3].map((n) => `IGQWcanary${database.name}LongLived${n}x9f3a`)
  let h: Harness
  let provider: LocalProvider
  let sweeps: CredentialSweep[]
  let clock = new Date('2026-06-01T00:00:00.000Z')
  const advance = (ms: number) => (clock = new Date(clock.getTime() + ms))
  /** How graph.instagram.com/refresh_access_token answers. */
  let extension: 'ok' | 'down' | 'invalid' = 'ok'
  let issued = 1
  let log = ''
  const responses: { url: string; body: string }[] = []
  let userId: string
  let credentialId: string

  beforeAll(async () => {
    provider = await startLocalProvider((req) => {
      const url = new URL(req.path, 'https://graph.instagram.com')
      if (url.pathname === '/oauth/access_token')
        return { json: { data: [{ access_token: 'IG-short-lived', user_id: 1020 }] } }
      if (url.pathname === '/access_token')
        return { json: { access_token: tokens[0], token_type: 'bearer', expires_in: SIXTY_DAYS } }
      if (extension === 'down')
        return {
          status: 500,
          json: { error: { message: 'Please retry', type: 'OAuthException', code: 2 } },
        }
      if (extension === 'invalid')
        return {
          status: 400,
          json: {
            error: {
              message: `Malformed access token ${url.searchParams.get('access_token')}`,
              type: 'OAuthException',
              code: 190,
            },
          },
        }
      return {
        json: { access_token: tokens[issued++], token_type: 'bearer', expires_in: SIXTY_DAYS },
      }
    })
    const sink = new Writable({
      write(chunk, _encoding, done) {
        log += chunk.toString()
        done()
      },
    })
    h = await startHarness(database, {
      fetch: provider.fetch,
      now: () => clock,
      publicURL: PUBLIC_URL,
      build: { logger: pino({ ...loggerOptions('trace') }, sink) },
    })
    sweeps = credentialSweeps(h.deps)
    await call('PUT', '/v1/apps/instagram/oauth-client', {
      clientId: '990602627938098',
      clientSecret: 'ig-app-secret-0123456789',
    })
    userId = (await call('POST', '/v1/users', { username: 'ig', email: 'ig@example.com' })).json()
      .userId
  })
  afterAll(async () => {
    await h?.close()
    await provider?.close()
  })

  async function call(method: string, url: string, body?: unknown) {
    const response = await h.request(method, url, body === undefined ? {} : { body })
    if (!url.endsWith('/secret'))
      responses.push({
        url: `${method} ${url}`,
        body: response.body + JSON.stringify(response.headers),
      })
    return response
  }
  const refreshAhead = () => sweeps.find((s) => s.name === 'refresh-ahead')!.run()
  const extensions = () =>
    provider.requests.filter((r) => r.path.startsWith('/refresh_access_token'))
  const stored = (id: string) =>
    h.store.db
      .selectFrom('credential')
      .select(['version', 'expiresAt', 'status', 'expiredReason'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow()
  async function expiredEvents(id: string) {
    const all = (await call('GET', '/v1/events?type=credential.expired&limit=500')).json().data
    return all.filter((e: { data: { credentialId: string } }) => e.data.credentialId === id)
  }

  /** Through the modal and the callback, as a user would: code exchange, then the ig_exchange_token swap. */
  async function connect(): Promise<string> {
    const connectToken = (await call('POST', `/v1/users/${userId}/token`, {})).json().token
    const { state, cookie } = await startOAuthFlow(h, {
      app: 'instagram',
      connectToken,
      publicURL: PUBLIC_URL,
    })
    const page = await h.app.inject({
      method: 'GET',
      url: `/oauth/callback/instagram?code=ig-code&state=${state}`,
      headers: { cookie },
    })
    expect(page.statusCode).toBe(200)
    const list = (await call('GET', `/v1/users/${userId}/credentials?app=instagram`)).json().data
    return list[list.length - 1].credentialId
  }

  it('connects with a 60-day token and does not try to extend it while it is under 24 hours old', async () => {
    credentialId = await connect()
    expect(await stored(credentialId)).toMatchObject({
      status: 'active',
      expiresAt: new Date(clock.getTime() + SIXTY_DAYS * 1000).toISOString(),
    })
    expect((await call('POST', `/v1/credentials/${credentialId}/check`)).json().outcome).toBe(
      'unchecked',
    )
    advance(23 * HOUR)
    expect((await call('POST', `/v1/credentials/${credentialId}/check`)).json().outcome).toBe(
      'unchecked',
    )
    expect(extensions()).toHaveLength(0)
  })

  it('is extended by the refresh-ahead sweep a day before it expires: new token, expiry and version', async () => {
    const before = await stored(credentialId)
    advance(Date.parse(before.expiresAt!) - clock.getTime() - 12 * HOUR)
    expect(await refreshAhead()).toBe(1)

    expect(extensions()).toHaveLength(1)
    const [request] = extensions()
    expect(request!.method).toBe('GET')
    expect(request!.host).toBe('graph.instagram.com')
    const url = new URL(request!.path, 'https://graph.instagram.com')
    expect(url.pathname).toBe('/refresh_access_token')
    expect([...url.searchParams]).toEqual([
      ['grant_type', 'ig_refresh_token'],
      ['access_token', tokens[0]],
    ])

    expect(await stored(credentialId)).toMatchObject({
      status: 'active',
      version: before.version + 1,
      expiresAt: new Date(clock.getTime() + SIXTY_DAYS * 1000).toISOString(),
    })
    const secret = await call('GET', `/v1/credentials/${credentialId}/secret`)
    expect(secret.json().data.accessToken).toBe(tokens[1])

    // Fresh for 60 days again, and just obtained: neither the sweep nor a forced check sends it.
    expect(await refreshAhead()).toBe(0)
    expect((await call('POST', `/v1/credentials/${credentialId}/check`)).json().outcome).toBe(
      'unchecked',
    )
    expect(extensions()).toHaveLength(1)
  })

  it('is not expired by a 500; is expired once, with one credential.expired, when Instagram calls it invalid', async () => {
    extension = 'down'
    const { expiresAt } = await stored(credentialId)
    advance(Date.parse(expiresAt!) - clock.getTime() - 12 * HOUR)
    await refreshAhead()
    expect(extensions()).toHaveLength(2)
    expect(await stored(credentialId)).toMatchObject({ status: 'active' })
    const secret = await call('GET', `/v1/credentials/${credentialId}/secret`)
    expect(secret.statusCode).toBe(200)
    expect(secret.json().data.accessToken).toBe(tokens[1])
    expect((await call('POST', `/v1/credentials/${credentialId}/check`)).json()).toMatchObject({
      status: 'active',
      outcome: 'unavailable',
    })
    expect(await expiredEvents(credentialId)).toHaveLength(0)

    extension = 'invalid'
    advance(10 * 60_000) // past the retry backoff
    await refreshAhead()
    expect(await stored(credentialId)).toMatchObject({
      status: 'expired',
      expiredReason: 'refresh_rejected',
    })
    await refreshAhead()
    expect((await call('POST', `/v1/credentials/${credentialId}/check`)).json().status).toBe(
      'expired',
    )
    expect((await call('GET', `/v1/credentials/${credentialId}/secret`)).statusCode).toBe(409)
    const events = await expiredEvents(credentialId)
    expect(events.map((e: { data: { reason: string } }) => e.data.reason)).toEqual([
      'refresh_rejected',
    ])
  })

  it('never sends an imported token younger than 24 hours, even inside the margin; it expires when it runs out', async () => {
    extension = 'ok'
    const sent = extensions().length
    const imported = await call('POST', '/v1/credentials/import', {
      userId,
      app: 'instagram',
      tokens: {
        accessToken: tokens[2],
        expiresAt: new Date(clock.getTime() + 6 * HOUR).toISOString(),
      },
    })
    expect(imported.statusCode).toBe(201)
    const id = imported.json().credentialId
    expect(await refreshAhead()).toBe(1) // due: it was looked at, and left alone
    const secret = await call('GET', `/v1/credentials/${id}/secret`)
    expect(secret.json().data.accessToken).toBe(tokens[2])
    expect((await call('POST', `/v1/credentials/${id}/check`)).json().outcome).toBe('unchecked')
    expect(extensions()).toHaveLength(sent)

    advance(7 * HOUR)
    await refreshAhead()
    expect(await stored(id)).toMatchObject({
      status: 'expired',
      expiredReason: 'access_token_expired',
    })
    expect(await expiredEvents(id)).toHaveLength(1)
    expect(extensions()).toHaveLength(sent)
  })

  it('keeps every Instagram token out of the log and out of every response but /secret', async () => {
    await h.deps.activity.flush()
    expect(responses.length).toBeGreaterThan(10)
    for (const { url, body } of responses)
      for (const token of tokens) expect(body, url).not.toContain(token)
    expect(log.length).toBeGreaterThan(1000) // the log really was written
    for (const token of tokens) expect(log).not.toContain(token)
  })
})
