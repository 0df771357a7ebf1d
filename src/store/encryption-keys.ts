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
