// Crypto: envelope encryption of secrets, the keyring of KEKs, and hashing of bearer secrets.
// Owns every use of a key. Must not: touch the database, log, or return key material.
export {
  seal,
  open,
  rewrap,
  kidOf,
  sealJSON,
  openJSON,
  SealError,
  type Sealed,
  type SealContext,
} from './seal.js'
export {
  parseKeyring,
  fingerprint,
  KeyringError,
  type Keyring,
  type KeyEncryptionKey,
} from './keyring.js'
export { hashSecret, hashesEqual } from './hash.js'
export { loadOrCreateKeyFile, KEY_FILE_NAME } from './key-file.js'
