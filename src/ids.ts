import { randomBytes, randomFillSync } from 'node:crypto'

const CROCKFORD = '0123456789abcdefghjkmnpqrstvwxyz'

export type IdPrefix =
  'ws' | 'usr' | 'cred' | 'wh' | 'evt' | 'dlv' | 'req' | 'key' | 'aud' | 'att' | 'agt' | 'cu'

/**
 * `<prefix>_<26 chars>`: 48 bits of milliseconds then 80 random bits, Crockford base32 (ULID layout),
 * so ids sort by creation time and serve as pagination cursors. Within one millisecond the random part counts
 * up (ULID's monotonic variant), so ids made one after another by a process sort in the order they were made.
 */
export function newId(prefix: IdPrefix, now: number = Date.now()): string {
  let time = ''
  let t = now
  for (let i = 0; i < 10; i++) {
    time = CROCKFORD[t % 32] + time
    t = Math.floor(t / 32)
  }
  const bytes = randomPartFor(now)
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

// Ids are not secrets, only unique: their 80 random bits come from a pool refilled 4 KB at a time, which keeps a
// getrandom call off every request (it showed as ~4 % of a secret read's CPU). Bearer secrets below never use it.
const POOL = Buffer.alloc(4096)
let poolOffset = POOL.length

function idEntropy(size: number): Buffer {
  if (poolOffset + size > POOL.length) {
    randomFillSync(POOL)
    poolOffset = 0
  }
  poolOffset += size
  return POOL.subarray(poolOffset - size, poolOffset)
}

let lastTime = -1
const lastRandom = Buffer.alloc(10)

function randomPartFor(now: number): Buffer {
  if (now === lastTime) {
    // Add one to the 80-bit big-endian number; 2^80 ids in one millisecond cannot happen.
    for (let i = lastRandom.length - 1; i >= 0 && ++lastRandom[i]! === 256; i--) lastRandom[i] = 0
    return lastRandom
  }
  const bytes = idEntropy(10)
  // An id dated in the past (an audit row made at flush time) keeps its own random part.
  if (now > lastTime) {
    lastTime = now
    bytes.copy(lastRandom)
  }
  return bytes
}

/**
 * A 256-bit bearer secret, e.g. `kp_…` API keys, `ct_…` connect tokens, `at_…` agent tokens, `whsec_…` webhook
 * secrets, `csl_…` console sign-in links, `css_…` console session cookies.
 */
export function randomToken(prefix: 'kp' | 'ct' | 'at' | 'whsec' | 'csl' | 'css'): string {
  return `${prefix}_${randomBytes(32).toString('base64url')}`
}
