// A canary secret written through the API must never show up in the database's bytes, the server log, or any
// response other than /secret — including error responses about it.
import { readFileSync, existsSync } from 'node:fs'
import { Writable } from 'node:stream'
import { pino } from 'pino'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loggerOptions } from '../src/logger.js'
import { TEST_DATABASES } from './support/databases.js'
import { startHarness, type Harness } from './support/harness.js'

const CANARY = 'sk_test_CANARYcanary0123456789xyz'
const CANARY_TOKEN = 'canary-zendesk-token-5d1f9a'

describe.each(TEST_DATABASES)('canary secrets on $name', (database) => {
  let h: Harness
  let log = ''
  const responses: { url: string; body: string }[] = []

  beforeAll(async () => {
    const sink = new Writable({
      write(chunk, _encoding, done) {
        log += chunk.toString()
        done()
      },
    })
    const logger = pino({ ...loggerOptions('trace') }, sink)
    h = await startHarness(database, { build: { logger } })
  })
  afterAll(async () => h?.close())

  async function call(method: string, url: string, body?: unknown) {
    const response = await h.request(method, url, body === undefined ? {} : { body })
    responses.push({
      url: `${method} ${url}`,
      body: response.body + JSON.stringify(response.headers),
    })
    return response
  }

  it('keeps the canary out of everything but /secret', async () => {
    const { userId } = (
      await call('POST', '/v1/users', { username: 'canary', email: 'c@example.com' })
    ).json()
    const created = await call('POST', '/v1/credentials', {
      userId,
      app: 'stripe',
      data: { apiKey: CANARY },
      skipVerification: true,
    })
    expect(created.statusCode).toBe(201)
    const { credentialId } = created.json()
    // Error paths that involve the secret value: a bad pattern, an unknown field, a rejected type.
    expect(
      (
        await call('POST', '/v1/credentials', {
          userId,
          app: 'stripe',
          data: { apiKey: `${CANARY} with spaces` },
        })
      ).statusCode,
    ).toBe(422)
    expect(
      (
        await call('POST', '/v1/credentials', {
          userId,
          app: 'stripe',
          data: { apiKey: CANARY, [CANARY_TOKEN]: CANARY },
        })
      ).statusCode,
    ).toBe(422)
    expect(
      (await call('POST', '/v1/credentials', { userId, app: 'stripe', data: CANARY })).statusCode,
    ).toBe(400)
    expect(
      (
        await call('POST', '/v1/credentials', {
          userId,
          app: 'zendesk',
          data: { subdomain: 'acme', email: 'a@b.co', apiToken: CANARY_TOKEN },
          skipVerification: true,
        })
      ).statusCode,
    ).toBe(201)
    await call('PUT', '/v1/apps/shopify/oauth-client', { clientId: 'cid', clientSecret: CANARY })
    await call('GET', '/v1/apps/shopify/oauth-client')
    await call('GET', `/v1/users/${userId}/credentials`)
    await call('GET', `/v1/credentials/${credentialId}`)
    await h.request('GET', `/oauth/callback/shopify?code=${CANARY}&state=${CANARY_TOKEN}`)
    await h.request('GET', `/v1/nothing-here?token=${CANARY}`)

    const secret = await h.request('GET', `/v1/credentials/${credentialId}/secret`)
    expect(secret.json().data.apiKey).toBe(CANARY)

    await call('DELETE', `/v1/credentials/${credentialId}`)
    await h.deps.activity.flush()

    for (const { url, body } of responses) {
      expect(body, url).not.toContain(CANARY)
      expect(body, url).not.toContain(CANARY_TOKEN)
    }
    expect(log.length).toBeGreaterThan(1000) // the log really was written
    expect(log).not.toContain(CANARY)
    expect(log).not.toContain(CANARY_TOKEN)
    expect(log).not.toContain(h.apiKey)
  })

  it('never stores the canary in plaintext', async () => {
    if (database.name === 'sqlite') {
      await sql`pragma wal_checkpoint(TRUNCATE)`.execute(h.store.db)
      const file = (
        await sql<{
          file: string
        }>`select file from pragma_database_list where name = 'main'`.execute(h.store.db)
      ).rows[0]!.file
      for (const path of [file, `${file}-wal`]) {
        if (!existsSync(path)) continue
        const bytes = readFileSync(path)
        expect(bytes.includes(Buffer.from('victim-never-written'))).toBe(false)
        expect(bytes.includes(Buffer.from(CANARY)), path).toBe(false)
        expect(bytes.includes(Buffer.from(CANARY_TOKEN)), path).toBe(false)
      }
      expect(readFileSync(file).includes(Buffer.from('c@example.com'))).toBe(true) // the scan does see plaintext
    } else {
      const tables = [
        'workspace',
        'api_key',
        'end_user',
        'oauth_client',
        'credential',
        'audit_log',
        'event',
        'encryption_key',
      ]
      let seen = ''
      for (const table of tables) {
        const { rows } = await sql<{
          row: string
        }>`select t::text as row from ${sql.table(table)} t`.execute(h.store.db)
        seen += rows.map((r) => r.row).join('\n')
      }
      expect(seen).toContain('c@example.com')
      expect(seen).not.toContain(CANARY)
      expect(seen).not.toContain(CANARY_TOKEN)
    }
  })
})
