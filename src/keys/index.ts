// Keys: turning configuration into a keyring that provably opens the stored data, and rotation.
// Must not: hold key material beyond the keyring, or log it.
export { loadKeyring, type KeyringSource } from './boot.js'
export { rotateKeys, type RotationReport } from './rotate.js'
