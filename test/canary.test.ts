// A canary secret written through the API must never show up in the database's bytes, the server log, or any
// response other than /secret — including error responses about it.
import { readFileSync, existsSync } from 'node:fs'
import { connect } from 'node:net'
import { Writable } from 'node:stream'
import { pino } from 'pino'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { FastifyInstance } from 'fastify'
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
    // A route that fails the way an outbound call does: the cause carries the URL it was given and the headers.
    const boom = (app: FastifyInstance) =>
      app.get('/test/boom', async () => {
        const url = `https://api.example.com/bot${CANARY}/check?api_key=${CANARY_TOKEN}`
        throw new Error('verification failed', {
          cause: Object.assign(new TypeError(`Failed to parse URL from ${url}`), {
            input: url,
            headers: { authorization: `Bearer ${CANARY}` },
            response: { text: CANARY_TOKEN },
          }),
        })
      })
    h = await startHarness(database, { build: { logger, plugins: [boom] } })
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

  it('logs nothing secret at trace when Fastify or Node refuses a request on the socket, or a route fails', async () => {
    const address = await h.app.listen({ port: 0, host: '127.0.0.1' })
    const { port } = new URL(address)
    const send = (bytes: string) =>
      new Promise<string>((resolve, reject) => {
        let answer = ''
        const socket = connect(Number(port), '127.0.0.1', () => socket.end(bytes))
        socket.on('data', (chunk) => (answer += chunk.toString()))
        socket.on('close', () => resolve(answer))
        socket.on('error', reject)
      })
    const body = JSON.stringify({ data: { apiKey: CANARY } })
    const auth = `Authorization: Bearer ${h.apiKey}\r\nX-Api-Key: ${CANARY_TOKEN}\r\n`
    const before = log.length
    // 431: headers over Node's 16 KB limit, the API key and a canary among them.
    const huge = await send(
      `POST /v1/users?token=${CANARY} HTTP/1.1\r\nHost: x\r\n${auth}X-Pad: ${'p'.repeat(17 * 1024)}\r\n` +
        `Content-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body}`,
    )
    expect(huge).toMatch(/^HTTP\/1\.1 431/)
    // 400 from Node's parser: two different Content-Lengths, then a body that holds the canary.
    const smuggled = await send(
      `POST /v1/users HTTP/1.1\r\nHost: x\r\n${auth}Content-Length: ${body.length}\r\n` +
        `Content-Length: 3\r\n\r\n${body}`,
    )
    expect(smuggled).toMatch(/^HTTP\/1\.1 400/)
    // A malformed chunk after a body chunk that holds the canary.
    const chunked = await send(
      `POST /v1/users HTTP/1.1\r\nHost: x\r\n${auth}Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n` +
        `${body.length.toString(16)}\r\n${body}\r\nzz\r\n${CANARY}\r\n0\r\n\r\n`,
    )
    expect(chunked).toMatch(/^HTTP\/1\.1 400/)
    // A route that throws with the secret in its error's cause, its message, its properties.
    const failed = await send(`GET /test/boom?code=${CANARY} HTTP/1.1\r\nHost: x\r\n${auth}\r\n`)
    expect(failed).toMatch(/^HTTP\/1\.1 500/)
    expect(failed).not.toContain(CANARY)

    const written = log.slice(before)
    expect(written).not.toContain('rawPacket')
    expect(written).not.toContain(CANARY)
    expect(written).not.toContain(CANARY_TOKEN)
    expect(written).not.toContain(h.apiKey)
    // Raw bytes as numbers (a Buffer through JSON.stringify) would hide the key from a plain search.
    expect(written).not.toContain(Buffer.from(h.apiKey).subarray(0, 8).join(','))
    expect(written).toMatch(/client (header_overflow|error)/) // the trace lines really were written
    expect(written).toContain('verification failed')
    expect(written).toContain('https://api.example.com/[…]')
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
