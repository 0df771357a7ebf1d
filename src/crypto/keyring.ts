import { createHash } from 'node:crypto'

export interface KeyEncryptionKey {
  kid: string
  key: Buffer
}

/** KEKs by id. The first one seals; all of them open. A KMS-backed keyring would implement the same shape. */
export interface Keyring {
  primary: KeyEncryptionKey
  get(kid: string): KeyEncryptionKey | null
  kids: string[]
  /**
   * Called before anything is sealed under `primary`; throws (KeyringError) when the primary key must not seal any
   * more — src/keys refuses a key that `keys rotate` retired. Absent: always allowed.
   */
  assertSealable?(): void
}

export class KeyringError extends Error {
  override name = 'KeyringError'
}

const KID = /^[A-Za-z0-9_-]{1,32}$/

/** Parses `kid:base64(32 bytes),kid2:…`. Messages never include key material. */
export function parseKeyring(spec: string, source = 'KEYPORT_ENCRYPTION_KEYS'): Keyring {
  const keys = new Map<string, KeyEncryptionKey>()
  const entries = spec
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
  if (entries.length === 0) throw new KeyringError(`${source}: no keys given`)
  for (const [index, entry] of entries.entries()) {
    const colon = entry.indexOf(':')
    const kid = colon > 0 ? entry.slice(0, colon) : ''
    if (!KID.test(kid)) {
      throw new KeyringError(
        `${source}: entry ${index + 1} must be kid:base64key with kid of letters, digits, _ or -`,
      )
    }
    const key = Buffer.from(entry.slice(colon + 1), 'base64')
    if (key.length !== 32) {
      throw new KeyringError(
        `${source}: key "${kid}" must be 32 bytes of base64 (got ${key.length} bytes)`,
      )
    }
    if (keys.has(kid)) throw new KeyringError(`${source}: key id "${kid}" appears twice`)
    keys.set(kid, { kid, key })
  }
  const primary = keys.get(entries[0]!.slice(0, entries[0]!.indexOf(':')))!
  return { primary, get: (kid) => keys.get(kid) ?? null, kids: [...keys.keys()] }
}

/** A short, non-reversible fingerprint for logs ("which key is this?") that reveals nothing of the key. */
export function fingerprint(key: KeyEncryptionKey): string {
  return createHash('sha256')
    .update('keyport-kek-fingerprint')
    .update(key.key)
    .digest('hex')
    .slice(0, 12)
}
