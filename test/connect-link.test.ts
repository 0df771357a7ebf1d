// POST /v1/users/{userId}/connect-link and credential.expired's reconnectUrl: a hosted modal link whose connect
// token travels in the URL fragment, never the query; scoped to the credential's app when it reconnects one.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createUserCredential } from './support/credentials.js'
import { TEST_DATABASES } from './support/databases.js'
import { startHarness, type Harness } from './support/harness.js'

const PUBLIC_URL = 'https://keyport.example.com'
const KEY = 'pplx-' + 'a'.repeat(24)

describe.each(TEST_DATABASES)('hosted connect links on $name', (database) => {
  let h: Harness
  let clock = new Date('2026-12-03T12:00:00.000Z')
  beforeAll(async () => {
    h = await startHarness(database, { publicURL: PUBLIC_URL, now: () => clock })
  })
  afterAll(async () => h?.close())

  /** The link's parts; fails the test when the token is anywhere but the fragment. */
  function parse(url: string): { fragment: URLSearchParams; token: string } {
    const parsed = new URL(url)
    expect(`${parsed.origin}${parsed.pathname}`).toBe(`${PUBLIC_URL}/connect`)
    expect(parsed.search).toBe('')
    const fragment = new URLSearchParams(parsed.hash.slice(1))
    const token = fragment.get('token')!
    expect(token).toMatch(/^ct_/)
    return { fragment, token }
  }
  const session = (token: string) =>
    h.request('GET', '/connect/api/session', {
      apiKey: null,
      headers: { authorization: `Bearer ${token}` },
    })

  let seq = 0
  const perplexityUser = () =>
    createUserCredential(h, {
      username: `link-${database.name}-${++seq}`,
      email: `link-${seq}@example.com`,
      app: 'perplexity',
      data: { apiKey: KEY },
    })

  it('mints a link with the token in the fragment, opening the modal for that user', async () => {
    const { userId } = await perplexityUser()
    const response = await h.request('POST', `/v1/users/${userId}/connect-link`, { body: {} })
    expect(response.statusCode).toBe(201)
    expect(response.headers['cache-control']).toBe('no-store')
    const body = response.json()
    expect(Object.keys(body).sort()).toEqual(['expiresAt', 'url'])
    expect(body.expiresAt).toBe('2026-12-03T12:30:00.000Z') // the connect token's default lifetime
    const { fragment, token } = parse(body.url)
    expect([...fragment.keys()]).toEqual(['token'])
    const opened = await session(token)
    expect(opened.statusCode).toBe(200)
    expect(opened.json()).toMatchObject({ userId, apps: null, expiresAt: body.expiresAt })
  })

  it('takes apps and ttlSeconds as the token route does; one app opens that app', async () => {
    const { userId } = await perplexityUser()
    const body = (
      await h.request('POST', `/v1/users/${userId}/connect-link`, {
        body: { apps: ['stripe'], ttlSeconds: 3600 },
      })
    ).json()
    expect(body.expiresAt).toBe('2026-12-03T13:00:00.000Z')
    const { fragment, token } = parse(body.url)
    expect(fragment.get('app')).toBe('stripe')
    expect((await session(token)).json().apps).toEqual(['stripe'])
  })

  it('with credentialId, reconnects that credential and may connect only its app', async () => {
    const { userId, credentialId } = await perplexityUser()
    const body = (
      await h.request('POST', `/v1/users/${userId}/connect-link`, { body: { credentialId } })
    ).json()
    const { fragment, token } = parse(body.url)
    expect(fragment.get('credentialId')).toBe(credentialId)
    expect(fragment.get('app')).toBe('perplexity')
    expect((await session(token)).json().apps).toEqual(['perplexity'])

    const without = await h.request('POST', `/v1/users/${userId}/connect-link`, {
      body: { credentialId, apps: ['stripe'] },
    })
    expect(without.statusCode).toBe(422)
    expect(without.json().error.code).toBe('app_not_allowed')
  })

  it("refuses another user's or another workspace's credential as missing", async () => {
    const alice = await perplexityUser()
    const bob = await perplexityUser()
    const crossed = await h.request('POST', `/v1/users/${bob.userId}/connect-link`, {
      body: { credentialId: alice.credentialId },
    })
    expect(crossed.statusCode).toBe(404)
    expect(crossed.json().error.code).toBe('credential_not_found')

    const otherUser = (
      await h.request('POST', '/v1/users', {
        body: { username: `other-${database.name}` },
        apiKey: h.otherApiKey,
      })
    ).json().userId
    const foreign = await h.request('POST', `/v1/users/${otherUser}/connect-link`, {
      body: { credentialId: alice.credentialId },
      apiKey: h.otherApiKey,
    })
    expect(foreign.statusCode).toBe(404)
    expect(foreign.json().error.code).toBe('credential_not_found')
  })

  it("answers 404 for another workspace's user and 401 without a key", async () => {
    const { userId } = await perplexityUser()
    const foreign = await h.request('POST', `/v1/users/${userId}/connect-link`, {
      body: {},
      apiKey: h.otherApiKey,
    })
    expect(foreign.statusCode).toBe(404)
    expect(foreign.json().error.code).toBe('user_not_found')
    const missing = await h.request(
      'POST',
      '/v1/users/usr_00000000000000000000000000/connect-link',
      {
        body: {},
      },
    )
    expect(missing.statusCode).toBe(404)
    const anonymous = await h.request('POST', `/v1/users/${userId}/connect-link`, {
      body: {},
      apiKey: null,
    })
    expect(anonymous.statusCode).toBe(401)
    expect(anonymous.json().error.code).toBe('unauthorized')
  })

  it('refuses bad bodies with a 4xx, minting nothing', async () => {
    const { userId } = await perplexityUser()
    const bad = async (body: unknown) =>
      (await h.request('POST', `/v1/users/${userId}/connect-link`, { body })).statusCode
    expect(await bad({ ttlSeconds: 59 })).toBe(400)
    expect(await bad({ ttlSeconds: 3601 })).toBe(400)
    expect(await bad({ apps: [] })).toBe(400)
    expect(await bad({ url: 'https://evil.example/' })).toBe(400)
    expect(await bad({ credentialId: 'x'.repeat(101) })).toBe(400)
    expect(await bad({ credentialId: "cred_' or 1=1 --" })).toBe(404)
    expect(await bad({ apps: ['no-such-app'] })).toBe(422)
  })

  it("adds reconnectUrl to credential.expired: an hour's token for the credential's app, the same credential", async () => {
    const { userId, credentialId } = await perplexityUser()
    const reported = await h.request('POST', `/v1/credentials/${credentialId}/report-invalid`)
    expect(reported.json().status).toBe('expired')
    const events = (await h.request('GET', '/v1/events?type=credential.expired')).json().data
    const event = events.find(
      (e: { data: { credentialId: string } }) => e.data.credentialId === credentialId,
    )
    expect(event.data).toEqual({
      userId,
      userEmail: `link-${seq}@example.com`,
      credentialId,
      credentialName: 'Perplexity API',
      app: 'perplexity',
      reason: 'reported_invalid',
      expiredAt: clock.toISOString(),
      reconnectUrl: expect.any(String),
    })
    const { fragment, token } = parse(event.data.reconnectUrl)
    expect(fragment.get('credentialId')).toBe(credentialId)
    expect(fragment.get('app')).toBe('perplexity')
    const opened = (await session(token)).json()
    expect(opened).toMatchObject({ userId, apps: ['perplexity'] })
    expect(opened.expiresAt).toBe('2026-12-03T13:00:00.000Z')
    expect(opened.credentials).toEqual([
      expect.objectContaining({ credentialId, status: 'expired' }),
    ])
    // Past the hour the link is dead; the platform mints a fresh one with POST …/connect-link.
    clock = new Date(clock.getTime() + 3600_000 + 1000)
    expect((await session(token)).statusCode).toBe(401)
  })
})
