// A date that cannot be stored is refused at the boundary before anything is written, and a row written out of
// range by an older version neither breaks a listing nor survives the migration.
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { clampCredentialTimestamps } from '../src/store/migrations/2026-12-03T1841-clamp-credential-timestamps.js'
import { TEST_DATABASES } from './support/databases.js'
import { startHarness, type Harness } from './support/harness.js'

const BAD_DATES = [
  '+010000-01-01T00:00:00Z',
  '-000001-01-01T00:00:00Z',
  '0000-01-01T00:00:00Z',
  '0001-01-01T00:00:00+01:00', // year 0 once in UTC
  '9999-12-31T23:59:59-00:01', // year 10000 once in UTC
  '2026-13-01T00:00:00Z',
  '2026-02-29T00:00:00Z',
  '2026-04-31T00:00:00Z',
  '2026-01-01T24:00:00Z',
  '2026-01-01T23:59:60Z',
  '2026-01-01T00:00:00+24:00',
  '2026-01-01',
  '2026-01-01 00:00:00Z',
  '2026-01-01T00:00:00',
  'Thu, 01 Jan 2026 00:00:00 GMT',
  '1767225600',
]

describe.each(TEST_DATABASES)('dates at the boundary on $name', (database) => {
  let h: Harness
  beforeAll(async () => {
    h = await startHarness(database)
  })
  afterAll(async () => h?.close())

  async function newUser(username: string): Promise<string> {
    return (await h.request('POST', '/v1/users', { body: { username } })).json().userId
  }
  const importWith = (userId: string, expiresAt: string) =>
    h.request('POST', '/v1/credentials/import', {
      body: { userId, app: 'slack', tokens: { accessToken: 'xoxb-dates', expiresAt } },
    })

  it('refuses every date it could not store with a 400, writing nothing', async () => {
    const userId = await newUser('odd-dates')
    const eventsBefore = (await h.request('GET', '/v1/events')).json().data.length
    for (const date of BAD_DATES) {
      const response = await importWith(userId, date)
      expect(response.statusCode, date).toBe(400)
      expect(response.json().error.code, date).toBe('invalid_request')
    }
    const listing = await h.request('GET', `/v1/users/${userId}/credentials`)
    expect(listing.statusCode).toBe(200)
    expect(listing.json().data).toEqual([])
    expect((await h.request('GET', '/v1/events')).json().data.length).toBe(eventsBefore)
  })

  it('takes the extremes of the range and offsets, and serves them in UTC', async () => {
    const userId = await newUser('edge-dates')
    for (const [date, stored] of [
      ['9999-12-31T23:59:59.999Z', '9999-12-31T23:59:59.999Z'],
      ['0001-01-01T00:00:00Z', '0001-01-01T00:00:00.000Z'],
      ['2028-02-29T01:30:00+02:00', '2028-02-28T23:30:00.000Z'],
      ['2030-01-01t00:00:00.123456z', '2030-01-01T00:00:00.123Z'],
    ] as const) {
      const response = await importWith(userId, date)
      expect(response.statusCode, date).toBe(201)
      expect(response.json().expiresAt, date).toBe(stored)
    }
    expect((await h.request('GET', `/v1/users/${userId}/credentials`)).statusCode).toBe(200)
  })

  it('serves a row stored out of range by an older version, and the migration repairs it', async () => {
    const userId = await newUser('poisoned')
    const ids: string[] = []
    for (let i = 0; i < 3; i++)
      ids.push((await importWith(userId, '2030-01-01T00:00:00Z')).json().credentialId)
    const [future, past, zero] = ids as [string, string, string]
    const store = async (id: string, value: string) =>
      sql`update credential set expires_at = ${value}, refresh_expires_at = ${value} where id = ${id}`.execute(
        h.store.db,
      )
    await store(future, '+010000-01-01T00:00:00.000Z')
    await store(past, '-000001-01-01T00:00:00.000Z')
    await store(zero, '0000-06-01T00:00:00.000Z')

    const listing = await h.request('GET', `/v1/users/${userId}/credentials`)
    expect(listing.statusCode).toBe(200)
    const served = Object.fromEntries(
      listing
        .json()
        .data.map((c: { credentialId: string; expiresAt: string }) => [
          c.credentialId,
          c.expiresAt,
        ]),
    )
    expect(served).toEqual({
      [future]: '9999-12-31T23:59:59.999Z',
      [past]: '0001-01-01T00:00:00.000Z',
      [zero]: '0001-01-01T00:00:00.000Z',
    })
    expect((await h.request('GET', `/v1/credentials/${future}`)).statusCode).toBe(200)
    const secret = await h.request('GET', `/v1/credentials/${future}/secret`)
    expect(secret.statusCode).toBe(200)
    expect(secret.json().expiresAt).toBe('9999-12-31T23:59:59.999Z')

    await clampCredentialTimestamps.up(h.store.db)
    const rows = await h.store.db
      .selectFrom('credential')
      .select(['id', 'expiresAt', 'refreshExpiresAt'])
      .where('id', 'in', ids)
      .execute()
    expect(Object.fromEntries(rows.map((r) => [r.id, [r.expiresAt, r.refreshExpiresAt]]))).toEqual({
      [future]: ['9999-12-31T23:59:59.999Z', '9999-12-31T23:59:59.999Z'],
      [past]: ['0001-01-01T00:00:00.000Z', '0001-01-01T00:00:00.000Z'],
      [zero]: ['0001-01-01T00:00:00.000Z', '0001-01-01T00:00:00.000Z'],
    })
  })
})
