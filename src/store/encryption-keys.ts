import type { DB } from './database.js'
import type { EncryptionKeyTable } from './schema.js'

/** KEKs that may still have values sealed under them. */
export async function listLiveEncryptionKeys(db: DB): Promise<EncryptionKeyTable[]> {
  return db.selectFrom('encryptionKey').selectAll().where('retiredAt', 'is', null).execute()
}

export async function insertEncryptionKey(db: DB, row: EncryptionKeyTable): Promise<void> {
  await db
    .insertInto('encryptionKey')
    .values(row)
    .onConflict((oc) => oc.column('kid').doNothing())
    .execute()
}

export async function retireEncryptionKeysExcept(db: DB, kid: string, now: string): Promise<void> {
  await db
    .updateTable('encryptionKey')
    .set({ retiredAt: now })
    .where('kid', '!=', kid)
    .where('retiredAt', 'is', null)
    .execute()
}

/** Every KEK that ever sealed (each node records its primary at boot), retired or not. */
export async function listEncryptionKeys(db: DB): Promise<EncryptionKeyTable[]> {
  return db.selectFrom('encryptionKey').selectAll().execute()
}

/** When `kid` was retired by `keys rotate`, or null while it is live (or unknown). */
export async function findRetirement(db: DB, kid: string): Promise<string | null> {
  const row = await db
    .selectFrom('encryptionKey')
    .select('retiredAt')
    .where('kid', '=', kid)
    .executeTakeFirst()
  return row?.retiredAt ?? null
}
