// Key-encryption keys against a real database: refusing to start with the wrong keys, and rotation.
import { randomBytes } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { kidOf, openJSON, parseKeyring, type Sealed } from '../src/crypto/index.js'
import { credentialSecretContext } from '../src/credentials/index.js'
import { loadKeyring, rotateKeys } from '../src/keys/index.js'
import { SEALED_COLUMNS } from '../src/store/index.js'
import { TEST_DATABASES } from './support/databases.js'
import { startHarness, type Harness } from './support/harness.js'
import { sql } from 'kysely'

const newKey = (kid: string) => `${kid}:${randomBytes(32).toString('base64')}`
const source = (encryptionKeys: string) => ({ encryptionKeys, dataDir: '/nonexistent' })

describe.each(TEST_DATABASES)('encryption keys on $name', (database) => {
  const oldKey = newKey('old')
  let h: Harness
  const credentialIds: string[] = []

  beforeAll(async () => {
    h = await startHarness(database, { keyringSpec: oldKey })
    const { userId } = (
      await h.request('POST', '/v1/users', { body: { username: 'rotation' } })
    ).json()
    for (let i = 0; i < 25; i++) {
      const response = await h.request('POST', '/v1/credentials', {
        body: {
          userId,
          app: 'stripe',
          data: { apiKey: `sk_test_rotation${String(i).padStart(6, '0')}` },
          skipVerification: true,
        },
      })
      credentialIds.push(response.json().credentialId)
    }
    await h.request('PUT', '/v1/apps/shopify/oauth-client', {
      body: { clientId: 'cid', clientSecret: 'client-secret-1' },
    })
  })
  afterAll(async () => h?.close())

  it('refuses to start when a key that sealed stored values is missing, naming it', async () => {
    await expect(loadKeyring(h.store.db, source(newKey('new')), () => {})).rejects.toThrow(
      /sealed under encryption key "old".*not configured/,
    )
  })

  it('refuses to start when a key id is reused with different key material', async () => {
    await expect(loadKeyring(h.store.db, source(newKey('old')), () => {})).rejects.toThrow(
      /"old" is not the key that sealed/,
    )
  })

  it('rotates every sealed value to the new key while old values keep opening, then retires the old key', async () => {
    const next = newKey('next')
    const both = await loadKeyring(h.store.db, source(`${next},${oldKey}`), () => {})
    const report = await rotateKeys(h.store.db, both)
    expect(report.rewrapped).toBeGreaterThanOrEqual(26)

    for (const target of SEALED_COLUMNS) {
      const { rows } = await sql<{
        v: string
      }>`select ${sql.ref(target.column)} as v from ${sql.table(target.table)} where ${sql.ref(target.column)} is not null`.execute(
        h.store.db,
      )
      for (const row of rows) expect(kidOf(row.v as Sealed)).toBe('next')
    }

    // The new key alone opens everything, and boot with only the new key is accepted now.
    const onlyNext = parseKeyring(next)
    for (const [i, id] of credentialIds.entries()) {
      const row = await h.store.db
        .selectFrom('credential')
        .select('secretSealed')
        .where('id', '=', id)
        .executeTakeFirstOrThrow()
      const secret = openJSON<{ fields: { apiKey: string } }>(
        onlyNext,
        row.secretSealed,
        credentialSecretContext(h.workspaceId, id),
      )
      expect(secret.fields.apiKey).toBe(`sk_test_rotation${String(i).padStart(6, '0')}`)
    }
    await expect(loadKeyring(h.store.db, source(next), () => {})).resolves.toBeTruthy()
  })
})
