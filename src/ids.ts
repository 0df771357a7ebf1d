import { randomBytes } from 'node:crypto'

const CROCKFORD = '0123456789abcdefghjkmnpqrstvwxyz'

export type IdPrefix = 'ws' | 'usr' | 'cred' | 'wh' | 'evt' | 'dlv' | 'req' | 'key' | 'aud' | 'att'

/**
 * `<prefix>_<26 chars>`: 48 bits of milliseconds then 80 random bits, Crockford base32 (ULID layout),
 * so ids sort by creation time and serve as pagination cursors.
 */
export function newId(prefix: IdPrefix, now: number = Date.now()): string {
  let time = ''
  let t = now
  for (let i = 0; i < 10; i++) {
    time = CROCKFORD[t % 32] + time
    t = Math.floor(t / 32)
  }
  const bytes = randomBytes(10)
  let random = ''
  let bits = 0
  let value = 0
  for (const byte of bytes) {
    value = (value << 8) | byte
    bits += 8
    while (bits >= 5) {
      random += CROCKFORD[(value >>> (bits - 5)) & 31]
      bits -= 5
    }
  }
  return `${prefix}_${time}${random}`
}

/** A 256-bit bearer secret, e.g. `kp_…` API keys, `ct_…` connect tokens, `whsec_…` webhook secrets. */
export function randomToken(prefix: 'kp' | 'ct' | 'whsec'): string {
  return `${prefix}_${randomBytes(32).toString('base64url')}`
}
