// The console's sign-in and sessions over real HTTP (a listening node, fetch), on both databases: one-time links,
// idle and absolute timeouts on an injected clock, CSRF and origin checks on cookie-authenticated /v1 calls, the
// role table, the refusals no session passes (secrets, the proxy, tokens), another workspace's ids, and no link
// token or session cookie in any log line.
import { Writable } from 'node:stream'
import { pino } from 'pino'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loggerOptions } from '../src/logger.js'
import { SIGN_IN_LINK_TTL_MS, deleteEndedConsoleState } from '../src/console/index.js'
import { hashSecret } from '../src/crypto/index.js'
import { TEST_DATABASES } from './support/databases.js'
import { startHarness, type Harness } from './support/harness.js'
import { consoleClient, type ConsoleClient } from './support/console-client.js'
import { createUserCredential } from './support/credentials.js'

const PUBLIC_URL = 'http://localhost:3000'
const MINUTE = 60_000

describe.each(TEST_DATABASES)('console sign-in and sessions on $name', (database) => {
  let h: Harness
  let base: string
  let clock = Date.parse('2026-12-03T12:00:00Z')
  let log = ''
  /** Every link token and session cookie handed out: none may reach the log. */
  const secrets: string[] = []
  let alice: { userId: string; credentialId: string }

  beforeAll(async () => {
    const sink = new Writable({
      write(chunk, _encoding, done) {
        log += chunk.toString()
        done()
      },
    })
    h = await startHarness(database, {
      now: () => new Date(clock),
      publicURL: PUBLIC_URL,
      build: { logger: pino(loggerOptions('trace'), sink) },
    })
    await h.app.listen({ port: 0, host: '127.0.0.1' })
    base = `http://127.0.0.1:${(h.app.server.address() as { port: number }).port}`
    client = consoleClient({ h, base, publicURL: PUBLIC_URL, secrets })
    alice = await createUserCredential(h, {
      username: 'alice',
      app: 'stripe',
      data: { apiKey: 'sk_test_consolealice0000' },
      skipVerification: true,
    })
  })
  afterAll(async () => h?.close())

  let client: ConsoleClient
  const call: ConsoleClient['call'] = (...args) => client.call(...args)
  const newConsoleUser: ConsoleClient['newConsoleUser'] = (...args) =>
    client.newConsoleUser(...args)
  const signIn: ConsoleClient['signIn'] = (token) => client.signIn(token)
  const auditRows: ConsoleClient['auditRows'] = (filter) => client.auditRows(filter)

  it('signs in once with a link, sets a strict HttpOnly cookie, and refuses the link a second time', async () => {
    const admin = await newConsoleUser(' Ann@Example.com ', 'admin')
    const { cookie, csrf, answer } = await signIn(admin.token)
    expect(answer.body).toEqual({
      user: { id: admin.id, email: 'ann@example.com', role: 'admin' },
      workspaceId: h.workspaceId,
      csrfToken: csrf,
    })
    const flags = answer.setCookie!.split(';').map((part) => part.trim())
    expect(flags).toEqual(expect.arrayContaining(['Path=/', 'HttpOnly', 'SameSite=Strict']))
    expect(flags).not.toContain('Secure') // http public URL; the https case is below
    expect(flags.some((f) => /^(max-age|expires)=/i.test(f))).toBe(false)

    const again = await call('POST', '/console/api/sign-in', { body: { token: admin.token } })
    expect(again.status).toBe(401)
    expect(again.body.error.code).toBe('invalid_sign_in_link')
    expect(again.setCookie).toBeNull()

    const session = await call('GET', '/console/api/session', { cookie })
    expect(session.status).toBe(200)
    expect(session.body).toEqual(answer.body)
    expect((await call('GET', '/console/api/session')).status).toBe(401)

    const trail = await auditRows(`action=console.sign_in`)
    expect(trail[0]).toMatchObject({ actor: `console:${admin.id}`, target: admin.id })
    const failed = await auditRows(`action=console.sign_in_failed`)
    expect(failed[0]).toMatchObject({ target: admin.id, detail: { reason: 'used' } })
  })

  it('refuses a link after 15 minutes, an unknown or malformed token, and a sign-in from another origin', async () => {
    const late = await newConsoleUser('late@example.com', 'support')
    clock += SIGN_IN_LINK_TTL_MS
    const expired = await call('POST', '/console/api/sign-in', { body: { token: late.token } })
    expect(expired.status).toBe(401)
    expect(expired.body.error.code).toBe('invalid_sign_in_link')
    expect((await auditRows('action=console.sign_in_failed'))[0]).toMatchObject({
      target: late.id,
      detail: { reason: 'expired' },
    })
    for (const token of [`csl_${'A'.repeat(43)}`, 'csl_short', '', "csl_' or 1=1 --"]) {
      const refused = await call('POST', '/console/api/sign-in', { body: { token } })
      expect(refused.status, token).toBe(401)
      expect(refused.body.error.code).toBe('invalid_sign_in_link')
    }
    // Login CSRF: a page of another site posting a link of the attacker's own
    const fresh = await call('POST', `/v1/console-users/${late.id}/sign-in-link`, {
      apiKey: h.apiKey,
    })
    const token = fresh.body.signInUrl.split('#token=')[1]
    secrets.push(token)
    for (const origin of ['https://evil.example', 'null', 'http://localhost:3001']) {
      const cross = await call('POST', '/console/api/sign-in', { origin, body: { token } })
      expect(cross.status, origin).toBe(403)
      expect(cross.body.error.code).toBe('csrf_failed')
    }
    const noOrigin = await call('POST', '/console/api/sign-in', { origin: null, body: { token } })
    expect(noOrigin.status).toBe(403)
    // The refused attempts did not use the link up
    await signIn(token)
  })

  it('needs the CSRF token and the console origin on every unsafe /v1 call of a session', async () => {
    const { token } = await newConsoleUser('csrf-admin@example.com', 'admin')
    const { cookie, csrf } = await signIn(token)
    expect((await call('GET', '/v1/users', { cookie })).status).toBe(200)
    const attempts: { name: string; csrf?: string; origin?: string | null; headers?: any }[] = [
      { name: 'no token' },
      { name: 'wrong token', csrf: csrf.slice(0, -2) + 'xx' },
      { name: 'another origin', csrf, origin: 'https://evil.example' },
      { name: 'a sibling port', csrf, origin: 'http://localhost:3001' },
      {
        name: 'no origin, cross-site',
        csrf,
        origin: null,
        headers: { 'sec-fetch-site': 'cross-site' },
      },
      { name: 'no origin at all', csrf, origin: null },
    ]
    for (const attempt of attempts) {
      const refused = await call('POST', '/v1/users', {
        cookie,
        ...(attempt.csrf ? { csrf: attempt.csrf } : {}),
        ...(attempt.origin !== undefined ? { origin: attempt.origin } : {}),
        ...(attempt.headers ? { headers: attempt.headers } : {}),
        body: { username: `csrf-${attempt.name.replaceAll(' ', '-')}` },
      })
      expect(refused.status, attempt.name).toBe(403)
      expect(refused.body.error.code, attempt.name).toBe('csrf_failed')
    }
    const listed = await call('GET', '/v1/users?username=csrf-no-token', { cookie })
    expect(listed.body.data).toEqual([])
    const made = await call('POST', '/v1/users', { cookie, csrf, body: { username: 'csrf-ok' } })
    expect(made.status).toBe(201)
    const sameSite = await call('POST', '/v1/users', {
      cookie,
      csrf,
      origin: null,
      headers: { 'sec-fetch-site': 'same-origin' },
      body: { username: 'csrf-ok-fetch-site' },
    })
    expect(sameSite.status).toBe(201)
    // Another session's CSRF token is no good either
    const other = await signIn((await newConsoleUser('csrf-other@example.com', 'admin')).token)
    const crossed = await call('POST', '/v1/users', {
      cookie,
      csrf: other.csrf,
      body: { username: 'csrf-crossed' },
    })
    expect(crossed.status).toBe(403)
    expect((await auditRows('action=user.create'))[0]).toMatchObject({
      actor: expect.stringMatching(/^console:cu_/),
      detail: { method: 'POST', route: '/v1/users', status: 201 },
    })
  })

  it('never lets a session read a secret, proxy a call or mint a token, whatever its role', async () => {
    const { cookie, csrf } = await signIn((await newConsoleUser('root@example.com', 'admin')).token)
    const refusals: [string, string, unknown?][] = [
      ['GET', `/v1/credentials/${alice.credentialId}/secret`],
      ['HEAD', `/v1/credentials/${alice.credentialId}/secret`],
      ['GET', `/v1/proxy/${alice.credentialId}/v1/charges`],
      ['POST', `/v1/proxy/${alice.credentialId}/v1/charges`, {}],
      ['POST', `/v1/users/${alice.userId}/token`, {}],
      ['POST', `/v1/users/${alice.userId}/agent-tokens`, {}],
    ]
    for (const [method, path, body] of refusals) {
      const refused = await call(method, path, {
        cookie,
        csrf,
        ...(body !== undefined ? { body } : {}),
      })
      expect(refused.status, `${method} ${path}`).toBe(403)
      if (method !== 'HEAD') expect(refused.body.error.code).toBe('not_allowed_for_console')
      expect(JSON.stringify(refused.body ?? '')).not.toContain('sk_test_consolealice')
    }
    const refusedRows = await auditRows('action=console.refused')
    expect(
      refusedRows.some((r) => r.detail?.route === '/v1/credentials/:credentialId/secret'),
    ).toBe(true)
    expect(await auditRows('action=credential.secret_read')).toEqual([])
    // The same key-only routes still work with the API key
    const secret = await call('GET', `/v1/credentials/${alice.credentialId}/secret`, {
      apiKey: h.apiKey,
    })
    expect(secret.status).toBe(200)
  })

  it('lets support read, check and send reconnect links, and refuses it deletes, keys, console users and settings', async () => {
    const { cookie: adminCookie, csrf: adminCsrf } = await signIn(
      (await newConsoleUser('boss@example.com', 'admin')).token,
    )
    // An admin adds the support user from the console
    const created = await call('POST', '/v1/console-users', {
      cookie: adminCookie,
      csrf: adminCsrf,
      body: { email: 'help@example.com', role: 'support' },
    })
    expect(created.status).toBe(201)
    const supportToken = created.body.signInUrl.split('#token=')[1]
    secrets.push(supportToken)
    const support = await signIn(supportToken)
    const supportId = created.body.consoleUser.id
    const as = { cookie: support.cookie, csrf: support.csrf }

    for (const path of ['/v1/users', `/v1/credentials/${alice.credentialId}`, '/v1/audit']) {
      expect((await call('GET', path, as)).status, path).toBe(200)
    }
    const link = await call('POST', `/v1/users/${alice.userId}/connect-link`, {
      ...as,
      body: { credentialId: alice.credentialId },
    })
    expect(link.status).toBe(201)
    const sent = await auditRows(
      `credentialId=${alice.credentialId}&action=credential.connect_link`,
    )
    expect(sent[0]).toMatchObject({ actor: `console:${supportId}`, target: alice.credentialId })

    const forbidden: [string, string, unknown?][] = [
      ['DELETE', `/v1/credentials/${alice.credentialId}`],
      ['DELETE', `/v1/users/${alice.userId}`],
      ['GET', '/v1/api-keys'],
      ['POST', '/v1/api-keys'],
      ['GET', '/v1/console-users'],
      ['POST', '/v1/console-users', { email: 'x@example.com', role: 'admin' }],
      ['DELETE', `/v1/console-users/${supportId}`],
      ['PATCH', `/v1/console-users/${supportId}`, { role: 'admin' }],
      ['PATCH', '/v1/settings', { modalFrameAncestors: [] }],
      ['POST', '/v1/webhooks', { url: 'https://example.com/hook' }],
    ]
    for (const [method, path, body] of forbidden) {
      const refused = await call(method, path, { ...as, ...(body ? { body } : {}) })
      expect(refused.status, `${method} ${path}`).toBe(403)
      expect(refused.body.error.code).toBe('forbidden_for_role')
    }
    expect((await call('GET', `/v1/credentials/${alice.credentialId}`, as)).status).toBe(200)

    // The admin can do what support cannot: the API keys, never the keys themselves
    const keys = await call('GET', '/v1/api-keys', { cookie: adminCookie })
    expect(keys.status).toBe(200)
    expect(keys.body.data[0]).toMatchObject({ prefix: h.apiKey.slice(0, 11), revokedAt: null })
    expect(keys.body.data[0].lastUsedAt).not.toBeNull()
    expect(JSON.stringify(keys.body)).not.toContain(h.apiKey)
    const users = await call('GET', '/v1/console-users', { cookie: adminCookie })
    expect(users.body.data.map((u: { email: string }) => u.email)).toContain('help@example.com')

    const bob = await createUserCredential(h, {
      username: 'bob',
      app: 'stripe',
      data: { apiKey: 'sk_test_consolebob000000' },
      skipVerification: true,
    })
    const deleted = await call('DELETE', `/v1/credentials/${bob.credentialId}`, {
      cookie: adminCookie,
      csrf: adminCsrf,
    })
    expect(deleted.status).toBe(204)
    const trail = await auditRows(`credentialId=${bob.credentialId}&action=credential.delete`)
    expect(trail[0]!.actor).toMatch(/^console:cu_/)

    // Removing the support user ends its session at once
    const removed = await call('DELETE', `/v1/console-users/${supportId}`, {
      cookie: adminCookie,
      csrf: adminCsrf,
    })
    expect(removed.status).toBe(204)
    expect((await call('GET', '/v1/users', as)).status).toBe(401)
    const listed = await call('GET', '/v1/console-users', { cookie: adminCookie })
    expect(listed.body.data.find((u: { id: string }) => u.id === supportId).disabled).toBe(true)
    // An admin cannot remove themselves; re-adding a removed email brings the same person back
    const self = (await call('GET', '/console/api/session', { cookie: adminCookie })).body.user.id
    const selfRemoval = await call('DELETE', `/v1/console-users/${self}`, {
      cookie: adminCookie,
      csrf: adminCsrf,
    })
    expect(selfRemoval.status).toBe(400)
    const back = await call('POST', '/v1/console-users', {
      apiKey: h.apiKey,
      body: { email: 'HELP@example.com', role: 'admin' },
    })
    expect(back.status).toBe(201)
    secrets.push(back.body.signInUrl.split('#token=')[1])
    expect(back.body.consoleUser).toMatchObject({ id: supportId, role: 'admin', disabled: false })
    const twice = await call('POST', '/v1/console-users', {
      apiKey: h.apiKey,
      body: { email: 'help@example.com', role: 'admin' },
    })
    expect(twice.status).toBe(409)
    expect(twice.body.error.code).toBe('console_user_exists')
    // The old support session stays ended
    expect((await call('GET', '/v1/users', as)).status).toBe(401)
  })

  it('ends a session idle for 30 minutes, renewing it at most once a minute, and any session after 12 hours', async () => {
    const { cookie } = await signIn((await newConsoleUser('idle@example.com', 'support')).token)
    const lastSeen = async () =>
      (
        await h.store.db
          .selectFrom('consoleSession')
          .select('lastSeenAt')
          .where(
            'consoleUserId',
            '=',
            (await call('GET', '/console/api/session', { cookie })).body.user.id,
          )
          .executeTakeFirstOrThrow()
      ).lastSeenAt
    const signedInAt = await lastSeen()
    clock += 30 * 1000
    expect((await call('GET', '/v1/users', { cookie })).status).toBe(200)
    expect(await lastSeen()).toBe(signedInAt) // within a minute: no write
    for (let i = 0; i < 3; i++) {
      clock += 29 * MINUTE
      expect(
        (await call('GET', '/v1/users', { cookie })).status,
        `after ${i + 1} idle spells`,
      ).toBe(200)
    }
    expect(await lastSeen()).toBe(new Date(clock).toISOString())
    clock += 30 * MINUTE
    expect((await call('GET', '/v1/users', { cookie })).status).toBe(401)
    const ended = await call('GET', '/console/api/session', { cookie })
    expect(ended.status).toBe(401)
    expect(ended.setCookie).toMatch(/^keyport_console=; .*Max-Age=0/)

    const busy = await signIn((await newConsoleUser('busy@example.com', 'support')).token)
    for (let elapsed = 0; elapsed < 12 * 60; elapsed += 20) {
      expect((await call('GET', '/v1/events', { cookie: busy.cookie })).status).toBe(200)
      clock += 20 * MINUTE
    }
    expect((await call('GET', '/v1/events', { cookie: busy.cookie })).status).toBe(401)
  })

  it('signs out (with the CSRF token) this session or every session of the user', async () => {
    const user = await newConsoleUser('leaver@example.com', 'support')
    const first = await signIn(user.token)
    const link = await call('POST', `/v1/console-users/${user.id}/sign-in-link`, {
      apiKey: h.apiKey,
    })
    const token = link.body.signInUrl.split('#token=')[1]
    secrets.push(token)
    const second = await signIn(token)
    const thirdLink = await call('POST', `/v1/console-users/${user.id}/sign-in-link`, {
      apiKey: h.apiKey,
    })
    const thirdToken = thirdLink.body.signInUrl.split('#token=')[1]
    secrets.push(thirdToken)
    const third = await signIn(thirdToken)

    const noToken = await call('POST', '/console/api/sign-out', { cookie: first.cookie })
    expect(noToken.status).toBe(403)
    const out = await call('POST', '/console/api/sign-out', first)
    expect(out.status).toBe(204)
    expect(out.setCookie).toMatch(/Max-Age=0/)
    expect((await call('GET', '/v1/users', { cookie: first.cookie })).status).toBe(401)
    expect((await call('GET', '/v1/users', { cookie: second.cookie })).status).toBe(200)

    // Signing in again in a browser that holds a session ends that session
    const fourthLink = await call('POST', `/v1/console-users/${user.id}/sign-in-link`, {
      apiKey: h.apiKey,
    })
    const fourthToken = fourthLink.body.signInUrl.split('#token=')[1]
    secrets.push(fourthToken)
    const replaced = await call('POST', '/console/api/sign-in', {
      cookie: third.cookie,
      body: { token: fourthToken },
    })
    expect(replaced.status).toBe(200)
    const fourthCookie = replaced.setCookie!.split(';')[0]!.split('=')[1]!
    secrets.push(fourthCookie)
    expect((await call('GET', '/v1/users', { cookie: third.cookie })).status).toBe(401)

    expect((await call('POST', '/console/api/sign-out-everywhere', second)).status).toBe(204)
    expect((await call('GET', '/v1/users', { cookie: second.cookie })).status).toBe(401)
    expect((await call('GET', '/v1/users', { cookie: fourthCookie })).status).toBe(401)
    const actions = (await auditRows(`action=console.sign_out_everywhere`)).map((r) => r.target)
    expect(actions).toContain(user.id)
  })

  it("keeps a session to its own workspace: another workspace's ids are 404 and its lists are empty", async () => {
    const victimAdmin = await newConsoleUser('victim@example.com', 'admin')
    const other = await newConsoleUser('mallory@example.com', 'admin', h.otherApiKey)
    const { cookie, csrf, answer } = await signIn(other.token)
    expect(answer.body.workspaceId).toBe(h.otherWorkspaceId)
    const as = { cookie, csrf }
    for (const [method, path, body] of [
      ['GET', `/v1/users/${alice.userId}`],
      ['GET', `/v1/credentials/${alice.credentialId}`],
      ['GET', `/v1/credentials/${alice.credentialId}/events`],
      ['POST', `/v1/users/${alice.userId}/connect-link`, {}],
      ['DELETE', `/v1/credentials/${alice.credentialId}`],
      ['DELETE', `/v1/console-users/${victimAdmin.id}`],
      ['PATCH', `/v1/console-users/${victimAdmin.id}`, { role: 'support' }],
      ['POST', `/v1/console-users/${victimAdmin.id}/sign-in-link`],
      ['DELETE', `/v1/api-keys/${h.apiKey.slice(0, 11)}`],
    ] as [string, string, unknown?][]) {
      const answer = await call(method, path, { ...as, ...(body ? { body } : {}) })
      expect(answer.status, `${method} ${path}`).toBe(404)
    }
    const lists = await Promise.all(
      ['/v1/users', '/v1/credentials', '/v1/console-users', '/v1/api-keys', '/v1/audit'].map(
        (path) => call('GET', path, as),
      ),
    )
    const seen = JSON.stringify(lists.map((l) => l.body))
    for (const id of [alice.userId, alice.credentialId, victimAdmin.id, h.apiKey.slice(0, 11)])
      expect(seen).not.toContain(id)
    expect(
      (await call('GET', `/v1/credentials/${alice.credentialId}`, { apiKey: h.apiKey })).status,
    ).toBe(200)
    // A bad API key next to a good cookie is a 401: the Authorization header decides alone
    const mixed = await call('GET', '/v1/users', {
      cookie,
      headers: { authorization: 'Bearer kp_wrongwrongwrongwrongwrongwrongwrongwrongwro' },
    })
    expect(mixed.status).toBe(401)
  })

  it('sweeps ended sessions and old links, and stores only hashes of both', async () => {
    const sessions = await h.store.db.selectFrom('consoleSession').select('hash').execute()
    const links = await h.store.db.selectFrom('consoleSignInLink').select('hash').execute()
    const stored = [...sessions, ...links].map((r) => r.hash)
    expect(stored.length).toBeGreaterThan(0)
    const hashes = new Set(secrets.map(hashSecret))
    for (const value of stored)
      expect(hashes.has(value), 'a stored hash of a handed-out token').toBe(true)
    for (const secret of secrets) expect(stored).not.toContain(secret)

    const { cookie } = await signIn((await newConsoleUser('swept@example.com', 'support')).token)
    await newConsoleUser('never-used@example.com', 'support')
    await deleteEndedConsoleState(h.deps)
    expect((await call('GET', '/v1/users', { cookie })).status).toBe(200)
    clock += 31 * MINUTE
    await deleteEndedConsoleState(h.deps)
    expect(await h.store.db.selectFrom('consoleSession').select('hash').execute()).toEqual([])
    expect(await h.store.db.selectFrom('consoleSignInLink').select('hash').execute()).toEqual([])
  })

  it('never writes a link token or a session cookie to the log', () => {
    expect(secrets.length).toBeGreaterThan(10)
    expect(log).toContain('/console/api/sign-in')
    for (const secret of secrets) expect(log).not.toContain(secret)
    expect(log).not.toMatch(/css_[A-Za-z0-9_-]{43}|csl_[A-Za-z0-9_-]{43}/)
  })
})

describe('console cookie behind https, and the sign-in rate limit', () => {
  it('marks the cookie Secure when the public URL is https, and limits sign-in attempts per address', async () => {
    const { createRateLimits } = await import('../src/ratelimit/index.js')
    const h = await startHarness(TEST_DATABASES[0]!, {
      publicURL: 'https://keyport.example',
      rateLimits: createRateLimits({ workspace: 0, connectToken: 0, signIn: 2 }),
    })
    try {
      const created = await h.request('POST', '/v1/console-users', {
        body: { email: 'tls@example.com', role: 'admin' },
      })
      const token = created.json().signInUrl.split('#token=')[1]
      const headers = { origin: 'https://keyport.example' }
      const answer = await h.request('POST', '/console/api/sign-in', {
        apiKey: null,
        headers,
        body: { token },
      })
      expect(answer.statusCode).toBe(200)
      const cookie = String(answer.headers['set-cookie'])
      expect(cookie.split('; ')).toEqual(
        expect.arrayContaining(['Path=/', 'HttpOnly', 'SameSite=Strict', 'Secure']),
      )
      const statuses: number[] = []
      for (let i = 0; i < 4; i++)
        statuses.push(
          (
            await h.request('POST', '/console/api/sign-in', {
              apiKey: null,
              headers,
              body: { token },
            })
          ).statusCode,
        )
      expect(statuses).toContain(429)
      expect(statuses.filter((s) => s !== 429).every((s) => s === 401)).toBe(true)
    } finally {
      await h.close()
    }
  })
})
