import { AppError } from '../errors.js'
import {
  KeyringError,
  loadOrCreateKeyFile,
  open,
  parseKeyring,
  seal,
  type Keyring,
  type SealContext,
} from '../crypto/index.js'
import {
  SEALED_COLUMNS,
  countValuesUnder,
  findRetirement,
  insertEncryptionKey,
  listEncryptionKeys,
  listLiveEncryptionKeys,
  type DB,
} from '../store/index.js'

export interface KeyringSource {
  encryptionKeys: string | null
  dataDir: string
}

export interface Warn {
  (message: string): void
}

const canaryContext = (kid: string): SealContext => ({
  workspaceId: '',
  table: 'encryption_key',
  rowId: kid,
  column: 'canary_sealed',
})
const CANARY = 'keyport-canary'

/**
 * Builds the keyring from KEYPORT_ENCRYPTION_KEYS, or from the generated key file on an install that never set it,
 * then proves it can open what the database holds: every key that may still have values sealed under it must be
 * present and must be the same key (its canary opens). Otherwise boot stops: no garbage, no per-request failures.
 */
export async function loadKeyring(
  db: DB,
  source: KeyringSource,
  warn: Warn,
  options: { retirementCheckMs?: number } = {},
): Promise<Keyring> {
  let keyring: Keyring
  if (source.encryptionKeys) {
    keyring = parseKeyring(source.encryptionKeys)
  } else {
    const file = loadOrCreateKeyFile(source.dataDir)
    if (file.created) {
      warn(
        `KEYPORT_ENCRYPTION_KEYS is not set: generated a new encryption key in ${file.path} (mode 0600). ` +
          'Back this file up: without it no stored credential can be decrypted. In production set KEYPORT_ENCRYPTION_KEYS instead.',
      )
    }
    keyring = parseKeyring(file.spec, file.path)
  }
  await assertKeyringOpensStore(db, keyring)
  await assertNoValuesUnderMissingKeys(db, keyring)
  if (await findRetirement(db, keyring.primary.kid)) {
    throw new KeyringError(
      `encryption key "${keyring.primary.kid}" was retired by \`keyport keys rotate\` and may not seal any more. ` +
        'Put the key it was rotated to first in KEYPORT_ENCRYPTION_KEYS.',
    )
  }
  await insertEncryptionKey(db, {
    kid: keyring.primary.kid,
    canarySealed: seal(keyring, CANARY, canaryContext(keyring.primary.kid)),
    createdAt: new Date().toISOString(),
    retiredAt: null,
  })
  return refusingRetiredPrimary(db, keyring, { maxAgeMs: options.retirementCheckMs })
}

/** How long a node trusts what it last read of its primary key's retirement before reading it again. */
export const RETIREMENT_CHECK_MS = 5_000

/**
 * The keyring, refusing to seal once its primary key has been retired: a node still running with the old key after
 * `keys rotate` (on another node) would otherwise keep writing values only the old key opens. Sealing is
 * synchronous, so the check reads a cached answer and refreshes it in the background when older than `maxAgeMs`;
 * values sealed within that window are found by the next boot check (assertNoValuesUnderMissingKeys) and by
 * running `keys rotate` again.
 */
export function refusingRetiredPrimary(
  db: DB,
  keyring: Keyring,
  options: { maxAgeMs?: number | undefined; now?: () => number } = {},
): Keyring {
  const maxAgeMs = options.maxAgeMs ?? RETIREMENT_CHECK_MS
  const now = options.now ?? Date.now
  const kid = keyring.primary.kid
  let retired = false
  let checkedAt = now()
  let checking: Promise<void> | null = null
  const check = () => {
    checking ??= findRetirement(db, kid)
      .then((at) => {
        retired = at !== null
        checkedAt = now()
      })
      // A failed read keeps the last answer and is tried again on the next seal.
      .catch(() => undefined)
      .finally(() => (checking = null))
  }
  return {
    ...keyring,
    assertSealable() {
      if (!retired && now() - checkedAt >= maxAgeMs) check()
      if (retired) {
        // 503 to the client (another node may serve it); the operator's instructions go to the log.
        throw new AppError(
          'not_ready',
          'This Keyport node cannot store secrets right now; try again shortly.',
          {
            cause: new KeyringError(
              `encryption key "${kid}" was retired by \`keyport keys rotate\`: this node refuses to seal under it. ` +
                'Restart it with the new key first in KEYPORT_ENCRYPTION_KEYS.',
            ),
          },
        )
      }
    },
  }
}

/**
 * Values sealed under a key the keyring lacks, found by counting: a retired key is no longer checked above, yet a
 * node that had not seen the retirement may have sealed under it afterwards. Every key that ever sealed is recorded
 * (each node records its primary at boot), so only recorded keys missing from the keyring are counted.
 */
async function assertNoValuesUnderMissingKeys(db: DB, keyring: Keyring): Promise<void> {
  for (const { kid } of await listEncryptionKeys(db)) {
    if (keyring.get(kid)) continue
    let count = 0
    for (const target of SEALED_COLUMNS) count += await countValuesUnder(db, target, kid)
    if (count > 0) {
      throw new KeyringError(
        `${count} stored value${count === 1 ? ' is' : 's are'} sealed under encryption key "${kid}", which is not configured ` +
          `(it was retired, but a node still running with it sealed them afterwards). Add "${kid}" back to ` +
          'KEYPORT_ENCRYPTION_KEYS after your new key and run `keyport keys rotate` again before removing it.',
      )
    }
  }
}

async function assertKeyringOpensStore(db: DB, keyring: Keyring): Promise<void> {
  for (const row of await listLiveEncryptionKeys(db)) {
    if (!keyring.get(row.kid)) {
      throw new KeyringError(
        `stored credentials are sealed under encryption key "${row.kid}", which is not configured. ` +
          `Add it back to KEYPORT_ENCRYPTION_KEYS (after your new key) and run \`keyport keys rotate\` before removing it.`,
      )
    }
    let opened = ''
    try {
      opened = open(keyring, row.canarySealed, canaryContext(row.kid))
    } catch {
      // fall through to the error below
    }
    if (opened !== CANARY) {
      throw new KeyringError(
        `encryption key "${row.kid}" is not the key that sealed the stored credentials (same id, different key material).`,
      )
    }
  }
}
