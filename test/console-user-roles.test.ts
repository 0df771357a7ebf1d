// PATCH /v1/console-users/{id} {role} over real HTTP, on both databases: a role change takes effect on the next
// request, is audited once (a repeat changes nothing), needs an admin and the console's CSRF token, never reaches
// another workspace's console user, and the workspace's last admin can be neither demoted nor removed, not even by
// two demotions racing.
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { TEST_DATABASES } from './support/databases.js'
import { startHarness, type Harness } from './support/harness.js'
import { consoleClient, type ConsoleClient } from './support/console-client.js'

const PUBLIC_URL = 'http://localhost:3000'

describe.each(TEST_DATABASES)('console user roles on $name', (database) => {
  let h: Harness
  let c: ConsoleClient
  /** The workspace's first admin, signed in, and a support user. */
  let boss: { id: string; cookie: string; csrf: string }
  let help: { id: string; cookie: string; csrf: string }

  beforeAll(async () => {
    h = await startHarness(database, { publicURL: PUBLIC_URL })
    await h.app.listen({ port: 0, host: '127.0.0.1' })
    const base = `http://127.0.0.1:${(h.app.server.address() as { port: number }).port}`
    c = consoleClient({ h, base, publicURL: PUBLIC_URL, secrets: [] })
    const signedIn = async (email: string, role: 'admin' | 'support') => {
      const user = await c.newConsoleUser(email, role)
      return { id: user.id, ...(await c.signIn(user.token)) }
    }
    boss = await signedIn('boss@example.com', 'admin')
    help = await signedIn('help@example.com', 'support')
  })
  afterAll(async () => h?.close())

  const setRole = (
    id: string,
    role: string,
    as: { cookie?: string; csrf?: string; apiKey?: string },
  ) => c.call('PATCH', `/v1/console-users/${id}`, { ...as, body: { role } })
  const roleOf = async (id: string) =>
    (await c.call('GET', '/v1/console-users', { apiKey: h.apiKey })).body.data.find(
      (u: { id: string }) => u.id === id,
    ).role
  const asBoss = () => ({ cookie: boss.cookie, csrf: boss.csrf })

  it('makes a support user admin and back, on their next request, audited once however often it is sent', async () => {
    const before = await c.call('GET', '/v1/console-users', { cookie: help.cookie })
    expect(before.body.error.code).toBe('forbidden_for_role')

    const promoted = await setRole(help.id, 'admin', asBoss())
    expect(promoted.status, JSON.stringify(promoted.body)).toBe(200)
    expect(promoted.body).toMatchObject({ id: help.id, email: 'help@example.com', role: 'admin' })
    expect((await c.call('GET', '/v1/console-users', { cookie: help.cookie })).status).toBe(200)
    const again = await setRole(help.id, 'admin', asBoss())
    expect(again.status).toBe(200)
    expect(again.body).toEqual(promoted.body)

    const demoted = await setRole(help.id, 'support', { apiKey: h.apiKey })
    expect(demoted.body.role).toBe('support')
    const refused = await c.call('GET', '/v1/console-users', { cookie: help.cookie })
    expect(refused.body.error.code).toBe('forbidden_for_role')

    const trail = await c.auditRows(`action=console_user.update`)
    expect(trail.map((row) => [row.actor, row.target, row.detail])).toEqual([
      ['api_key', help.id, { role: 'support', previousRole: 'admin' }],
      [`console:${boss.id}`, help.id, { role: 'admin', previousRole: 'support' }],
    ])
  })

  it('needs an admin, the CSRF token and a known role, and leaves the role as it was when refused', async () => {
    const attempts: [string, Parameters<typeof setRole>[2], string, number, string][] = [
      ['no CSRF token', { cookie: boss.cookie }, 'admin', 403, 'csrf_failed'],
      [
        'a support user',
        { cookie: help.cookie, csrf: help.csrf },
        'admin',
        403,
        'forbidden_for_role',
      ],
      ['no credentials', {}, 'admin', 401, 'unauthorized'],
      ['an unknown role', asBoss(), 'owner', 400, 'invalid_request'],
    ]
    for (const [name, as, role, status, code] of attempts) {
      const answer = await setRole(help.id, role, as)
      expect([answer.status, answer.body.error.code], name).toEqual([status, code])
    }
    const extra = await c.call('PATCH', `/v1/console-users/${help.id}`, {
      ...asBoss(),
      body: { role: 'admin', email: 'mallory@example.com' },
    })
    expect(extra.status).toBe(400)
    expect(await roleOf(help.id)).toBe('support')
  })

  it("answers 404 for another workspace's console user and for a removed one", async () => {
    const mallory = await c.newConsoleUser('mallory@example.com', 'admin', h.otherApiKey)
    const session = await c.signIn(mallory.token)
    for (const as of [{ cookie: session.cookie, csrf: session.csrf }, { apiKey: h.otherApiKey }]) {
      const answer = await setRole(boss.id, 'support', as)
      expect(answer.status).toBe(404)
      expect(answer.body.error.code).toBe('console_user_not_found')
    }
    // And the other way round: this workspace's admin cannot reach mallory
    expect((await setRole(mallory.id, 'support', asBoss())).status).toBe(404)
    expect(await roleOf(boss.id)).toBe('admin')

    const gone = await c.newConsoleUser('gone@example.com', 'support')
    expect((await c.call('DELETE', `/v1/console-users/${gone.id}`, asBoss())).status).toBe(204)
    expect((await setRole(gone.id, 'admin', asBoss())).body.error.code).toBe(
      'console_user_not_found',
    )
  })

  it('never demotes or removes the last admin, from the console or with an API key', async () => {
    for (const as of [asBoss(), { apiKey: h.apiKey }]) {
      const answer = await setRole(boss.id, 'support', as)
      expect(answer.status).toBe(409)
      expect(answer.body.error.code).toBe('last_admin')
    }
    const removal = await c.call('DELETE', `/v1/console-users/${boss.id}`, { apiKey: h.apiKey })
    expect(removal.status).toBe(409)
    expect(removal.body.error.code).toBe('last_admin')
    expect(await roleOf(boss.id)).toBe('admin')

    // With a second admin, the first may step down themselves, and then the second is the last
    expect((await setRole(help.id, 'admin', asBoss())).status).toBe(200)
    expect((await setRole(boss.id, 'support', asBoss())).status).toBe(200)
    expect((await c.call('GET', '/v1/console-users', { cookie: boss.cookie })).status).toBe(403)
    expect((await setRole(help.id, 'support', { apiKey: h.apiKey })).body.error.code).toBe(
      'last_admin',
    )
    expect((await setRole(boss.id, 'admin', { apiKey: h.apiKey })).status).toBe(200)
  })

  // PostgreSQL only: SQLite has one writer, so two transactions never interleave there. Both admins' rows are held by
  // a transaction of the test until both demotions wait on them: without the use case's lock both would have read
  // two admins, and both would commit.
  it.runIf(database.name === 'postgres')('keeps one admin when two demotions race', async () => {
    const admins = [boss.id, help.id]
    for (const id of admins)
      expect((await setRole(id, 'admin', { apiKey: h.apiKey })).body.role).toBe('admin')
    let answers: Promise<{ status: number }[]> | undefined
    await h.store.db.transaction().execute(async (trx) => {
      await trx
        .selectFrom('consoleUser')
        .select('id')
        .where('id', 'in', admins)
        .forUpdate()
        .execute()
      answers = Promise.all(admins.map((id) => setRole(id, 'support', { apiKey: h.apiKey })))
      await expect
        .poll(async () => {
          const { rows } = await sql<{ waiting: string }>`
              select count(*) as waiting from pg_stat_activity
              where datname = current_database() and wait_event_type = 'Lock'
                and query ilike '%console_user%'`.execute(h.store.db)
          return Number(rows[0]!.waiting)
        })
        .toBe(2)
    })
    expect((await answers!).map((a) => a.status).sort()).toEqual([200, 409])
    const roles = await Promise.all(admins.map(roleOf))
    expect(roles.sort()).toEqual(['admin', 'support'])
  })
})
