// Shared parts of the minting-scheme suites (client credentials, JWT bearer, GitHub App): a captured log, a leak scan
// over every table, and the moves every suite makes (age the cached token, read the secret many times at once).
import { generateKeyPairSync } from 'node:crypto'
import { Writable } from 'node:stream'
import { sql } from 'kysely'
import { pino, type Logger } from 'pino'
import { expect } from 'vitest'
import { loggerOptions } from '../../src/logger.js'
import type { Harness } from './harness.js'

/** A trace-level logger whose lines are kept, so a test can look for secrets in them. */
export function capturedLogger(): { logger: Logger; text: () => string } {
  let log = ''
  const sink = new Writable({
    write(chunk, _encoding, done) {
      log += chunk.toString()
      done()
    },
  })
  return { logger: pino({ ...loggerOptions('trace') }, sink), text: () => log }
}

/** Every row of every table, as text (the raw dump a leak scan reads). */
export async function dumpTables(h: Harness): Promise<string> {
  const dialect = h.databaseConfig.kind
  const names =
    dialect === 'sqlite'
      ? (
          await sql<{
            name: string
          }>`select name from sqlite_master where type = 'table'`.execute(h.store.db)
        ).rows.map((r) => r.name)
      : (
          await sql<{
            name: string
          }>`select table_name as name from information_schema.tables where table_schema = current_schema()`.execute(
            h.store.db,
          )
        ).rows.map((r) => r.name)
  let dump = ''
  for (const name of names) {
    const { rows } = await sql`select * from ${sql.table(name)}`.execute(h.store.db)
    dump += `${name}\n${JSON.stringify(rows, (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v))}\n`
  }
  return dump
}

/** None of `needles` in the responses, the log or any table; and the scan really saw data (`seen`). */
export async function expectNoLeak(
  h: Harness,
  options: { needles: string[]; responses: string[]; log: string; seen: string },
): Promise<void> {
  const dump = await dumpTables(h)
  expect(dump).toContain(options.seen)
  expect(options.log.length).toBeGreaterThan(0)
  for (const needle of options.needles) {
    expect(dump.includes(needle), 'a table holds the secret in plaintext').toBe(false)
    expect(options.log.includes(needle), 'the log holds the secret').toBe(false)
    for (const body of options.responses) expect(body.includes(needle), body).toBe(false)
  }
}

/** Moves the cached token's expiry into the past, as if an hour had gone by. */
export async function ageToken(h: Harness, credentialId: string): Promise<void> {
  await h.store.db
    .updateTable('credential')
    .set({ expiresAt: new Date(Date.now() - 60_000).toISOString() })
    .where('id', '=', credentialId)
    .execute()
}

/** `n` secret reads at once; their bodies, for the callers to compare. */
export async function readSecretTimes(
  h: Harness,
  credentialId: string,
  n: number,
): Promise<{ statusCode: number; body: string }[]> {
  return Promise.all(
    Array.from({ length: n }, () => h.request('GET', `/v1/credentials/${credentialId}/secret`)),
  )
}

/** A fresh RSA key pair in PEM, and a stretch of the private key's body to scan for. */
export function rsaKeyPair(): { privateKey: string; publicKey: string; marker: string } {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 })
  const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString()
  const body = pem.split('\n').slice(5, 6).join('')
  return {
    privateKey: pem,
    publicKey: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    marker: body,
  }
}

export async function createUser(h: Harness, username: string): Promise<string> {
  const response = await h.request('POST', '/v1/users', {
    body: { username, email: `${username}@example.com` },
  })
  expect(response.statusCode).toBe(201)
  return (response.json() as { userId: string }).userId
}
