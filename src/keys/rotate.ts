import { rewrap, type Keyring } from '../crypto/index.js'
import {
  SEALED_COLUMNS,
  listValuesNotUnder,
  replaceSealedValue,
  retireEncryptionKeysExcept,
  type DB,
} from '../store/index.js'

export interface RotationReport {
  rewrapped: number
  skipped: number
}

const PAGE = 500

/**
 * Rewraps every sealed value under the keyring's primary KEK, page by page, with compare-and-set writes so the
 * service keeps serving (a value a request rewrote meanwhile is already under the primary key). When nothing is
 * left under an old key, the old keys are marked retired and may be removed from KEYPORT_ENCRYPTION_KEYS.
 */
export async function rotateKeys(
  db: DB,
  keyring: Keyring,
  onProgress: (table: string, column: string, done: number) => void = () => {},
): Promise<RotationReport> {
  const report: RotationReport = { rewrapped: 0, skipped: 0 }
  for (let pass = 0; pass < 3; pass++) {
    let found = 0
    for (const target of SEALED_COLUMNS) {
      let afterRowId = ''
      for (;;) {
        const page = await listValuesNotUnder(db, target, keyring.primary.kid, {
          afterRowId,
          limit: PAGE,
        })
        if (page.length === 0) break
        for (const item of page) {
          const changed = await replaceSealedValue(
            db,
            target,
            item,
            rewrap(keyring, item.value, item.context),
          )
          changed ? report.rewrapped++ : report.skipped++
        }
        found += page.length
        afterRowId = page[page.length - 1]!.context.rowId
        onProgress(target.table, target.column, report.rewrapped)
      }
    }
    // A pass that found nothing proves no value is left under an old key.
    if (found === 0) {
      await retireEncryptionKeysExcept(db, keyring.primary.kid, new Date().toISOString())
      return report
    }
  }
  throw new Error('values kept appearing under old keys after three passes; run keys rotate again')
}
