import {
  KeyringError,
  loadOrCreateKeyFile,
  open,
  parseKeyring,
  seal,
  type Keyring,
  type SealContext,
} from '../crypto/index.js'
import { insertEncryptionKey, listLiveEncryptionKeys, type DB } from '../store/index.js'

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
export async function loadKeyring(db: DB, source: KeyringSource, warn: Warn): Promise<Keyring> {
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
  await insertEncryptionKey(db, {
    kid: keyring.primary.kid,
    canarySealed: seal(keyring, CANARY, canaryContext(keyring.primary.kid)),
    createdAt: new Date().toISOString(),
    retiredAt: null,
  })
  return keyring
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
