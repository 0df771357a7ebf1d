// The hot read is precompiled once per handle and SQLite statements are reused by SQL text: check the reuse never
// mixes up parameters, rows or workspaces, inside and outside transactions, on both databases.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { TEST_DATABASES } from '../../test/support/databases.js'
import type { Sealed } from '../crypto/index.js'
import { newId } from '../ids.js'
import { findCredential, insertCredential, type CredentialRow } from './credentials.js'
import { openStore, type Store } from './database.js'
import { migrateToLatest } from './migrate.js'
import { touchCredentialBatch } from './activity-batch.js'

function credential(workspaceId: string, userId: string, name: string): CredentialRow {
  const at = new Date().toISOString()
  return {
    id: newId('cred'),
    workspaceId,
    userId,
    app: 'stripe',
    name,
    type: 'api_key',
    status: 'active',
    secretSealed: 'kp1.test' as Sealed,
    metadata: '{}',
    platformMetadata: null,
    expiresAt: null,
    refreshExpiresAt: null,
    version: 1,
    createdAt: at,
    updatedAt: at,
    lastUsedAt: null,
    lastRefreshedAt: null,
    lastCheckedAt: null,
    nextCheckAt: null,
    failureCount: 0,
    failingSince: null,
    expiredReason: null,
    expiredAt: null,
    expiringNotifiedAt: null,
  }
}

for (const database of TEST_DATABASES) {
  describe(`credential store (${database.name})`, () => {
    let store: Store
    let drop: () => Promise<void>
    const rows: CredentialRow[] = []
    const workspaces = [newId('ws'), newId('ws')]

    beforeAll(async () => {
      const created = await database.create()
      drop = created.drop
      store = openStore(created.config)
      await migrateToLatest(store)
      const at = new Date().toISOString()
      for (const ws of workspaces) {
        await store.db.insertInto('workspace').values({ id: ws, name: ws, createdAt: at }).execute()
        const userId = newId('usr')
        await store.db
          .insertInto('endUser')
          .values({
            id: userId,
            workspaceId: ws,
            username: 'u',
            email: null,
            fullName: null,
            createdAt: at,
            updatedAt: at,
          })
          .execute()
        for (let i = 0; i < 3; i++) {
          const row = credential(ws, userId, `${ws}-${i}`)
          await insertCredential(store.db, row)
          rows.push(row)
        }
      }
    })
    afterAll(async () => {
      await store.close()
      await drop()
    })

    it('reads each row by id within its workspace, repeatedly and concurrently', async () => {
      for (let round = 0; round < 3; round++) {
        const found = await Promise.all(
          rows.map((row) => findCredential(store.db, row.workspaceId, row.id)),
        )
        expect(found.map((r) => r?.name)).toEqual(rows.map((r) => r.name))
        expect(found[0]).toMatchObject({
          workspaceId: rows[0]!.workspaceId,
          secretSealed: 'kp1.test',
          failureCount: 0,
        })
      }
    })

    it("treats another workspace's id as missing", async () => {
      const [mine, theirs] = [rows[0]!, rows[3]!]
      expect(await findCredential(store.db, theirs.workspaceId, mine.id)).toBeNull()
      expect(await findCredential(store.db, mine.workspaceId, 'cred_missing')).toBeNull()
      expect((await findCredential(store.db, mine.workspaceId, mine.id))?.id).toBe(mine.id)
    })

    it('sees writes made in a transaction and after it', async () => {
      const row = rows[1]!
      await store.db.transaction().execute(async (trx) => {
        await touchCredentialBatch(trx, store.dialect, [row.id], '2030-01-01T00:00:00.000Z')
        expect((await findCredential(trx, row.workspaceId, row.id))?.lastUsedAt).toBe(
          '2030-01-01T00:00:00.000Z',
        )
      })
      await touchCredentialBatch(
        store.db,
        store.dialect,
        [row.id, rows[2]!.id],
        '2031-01-01T00:00:00.000Z',
      )
      expect((await findCredential(store.db, row.workspaceId, row.id))?.lastUsedAt).toBe(
        '2031-01-01T00:00:00.000Z',
      )
    })

    it('store.readCredential (the hot read outside Kysely) gives exactly the row findCredential gives', async () => {
      await touchCredentialBatch(store.db, store.dialect, [rows[0]!.id], '2032-01-01T00:00:00.000Z')
      for (const row of rows) {
        const viaKysely = await findCredential(store.db, row.workspaceId, row.id)
        expect(viaKysely).not.toBeNull()
        expect(await store.readCredential(row.workspaceId, row.id)).toStrictEqual(viaKysely)
      }
      const [mine, theirs] = [rows[0]!, rows[3]!]
      expect(await store.readCredential(theirs.workspaceId, mine.id)).toBeNull()
      expect(await store.readCredential(mine.workspaceId, 'cred_missing')).toBeNull()
    })

    it('store.readCredential sees committed writes at once and never an uncommitted one', async () => {
      const row = rows[4]!
      let insideTransaction: string | null | undefined
      await store.db.transaction().execute(async (trx) => {
        await touchCredentialBatch(trx, store.dialect, [row.id], '2033-01-01T00:00:00.000Z')
        insideTransaction = (await store.readCredential(row.workspaceId, row.id))?.lastUsedAt
      })
      expect(insideTransaction).not.toBe('2033-01-01T00:00:00.000Z')
      expect((await store.readCredential(row.workspaceId, row.id))?.lastUsedAt).toBe(
        '2033-01-01T00:00:00.000Z',
      )
      await store.db.deleteFrom('credential').where('id', '=', row.id).execute()
      expect(await store.readCredential(row.workspaceId, row.id)).toBeNull()
    })
  })
}
