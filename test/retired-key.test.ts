// After `keys rotate` retired a key: a node still running with only that key refuses to seal under it (503, not a
// value only the old key opens), and a node started without it refuses to boot while any stored value still needs
// it, naming the key and how many values.
import { randomBytes } from 'node:crypto'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { kidOf, parseKeyring, sealJSON, type Sealed } from '../src/crypto/index.js'
import { credentialSecretContext } from '../src/credentials/index.js'
import { loadKeyring, rotateKeys } from '../src/keys/index.js'
import { TEST_DATABASES } from './support/databases.js'
import { startHarness, type Harness } from './support/harness.js'

const newKey = (kid: string) => `${kid}:${randomBytes(32).toString('base64')}`
const source = (encryptionKeys: string) => ({ encryptionKeys, dataDir: '/nonexistent' })

describe.each(TEST_DATABASES)('a retired encryption key on $name', (database) => {
  const k1 = newKey('k_1') // an underscore, which LIKE reads as a wildcard unless escaped
  const k2 = newKey('k2')
  let h: Harness
  let userId = ''
  beforeAll(async () => {
    h = await startHarness(database, { keyringSpec: k1 })
    userId = (await h.request('POST', '/v1/users', { body: { username: 'keys' } })).json().userId
  })
  afterAll(async () => h?.close())

  const create = (i: number) =>
    h.request('POST', '/v1/credentials', {
      body: {
        userId,
        app: 'stripe',
        data: { apiKey: `sk_test_retired${String(i).padStart(8, '0')}` },
        skipVerification: true,
      },
    })

  it('stops a node running with only the retired key from sealing under it', async () => {
    // This node checks its key's retirement on every seal (the default is every 5 s).
    h.deps.keyring = await loadKeyring(h.store.db, source(k1), () => {}, {
      retirementCheckMs: 0,
    })
    expect((await create(0)).statusCode).toBe(201)

    await rotateKeys(h.store.db, await loadKeyring(h.store.db, source(`${k2},${k1}`), () => {}))

    // The node reads the retirement in the background: at most the seal that noticed it goes through.
    const statuses: number[] = []
    for (let i = 1; i <= 4; i++) statuses.push((await create(i)).statusCode)
    expect(statuses.filter((s) => s === 201).length).toBeLessThanOrEqual(1)
    expect(statuses.at(-1)).toBe(503)
    const refused = await create(9)
    expect(refused.json().error).toMatchObject({ code: 'not_ready' })
    expect(refused.body).not.toMatch(/k_1|rotate/) // the operator's instructions go to the log only
  })

  it('refuses to boot while stored values need a key it lacks, naming the key and the count', async () => {
    // Whatever the window let through, plus one value a stale node sealed under k_1 after the retirement.
    const { rows } = await sql<{ id: string }>`select id from credential order by id`.execute(
      h.store.db,
    )
    const staleKeyring = parseKeyring(k1)
    for (const { id } of rows.slice(0, 2)) {
      const sealed = sealJSON(
        staleKeyring,
        { kind: 'fields', fields: { apiKey: 'sk_test_stale' } },
        credentialSecretContext(h.workspaceId, id),
      )
      await sql`update credential set secret_sealed = ${sealed} where id = ${id}`.execute(
        h.store.db,
      )
    }
    const under = (
      await sql<{ v: string }>`select secret_sealed as v from credential`.execute(h.store.db)
    ).rows.filter((r) => kidOf(r.v as Sealed) === 'k_1').length
    expect(under).toBeGreaterThanOrEqual(2)

    await expect(loadKeyring(h.store.db, source(k2), () => {})).rejects.toThrow(
      new RegExp(
        `^${under} stored values are sealed under encryption key "k_1", which is not configured`,
      ),
    )
    // The retired key first in the list: refused too, it may not seal any more.
    await expect(loadKeyring(h.store.db, source(`${k1},${k2}`), () => {})).rejects.toThrow(
      /"k_1" was retired/,
    )
    // Rotating again moves them; then the new key alone boots.
    await rotateKeys(h.store.db, await loadKeyring(h.store.db, source(`${k2},${k1}`), () => {}))
    await expect(loadKeyring(h.store.db, source(k2), () => {})).resolves.toBeTruthy()
  })
})
