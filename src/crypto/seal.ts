// Envelope encryption (docs/architecture.md §6). Every value gets a fresh 256-bit data key; the data key is
// wrapped by a KEK named in the output, so rotating a KEK rewraps 60 bytes and leaves the ciphertext.
//   kp1.<kid>.<wrapped data key>.<iv>.<ciphertext+tag>     (base64url parts)
// The AAD binds a value to workspace, table, row and column: moved anywhere else, it does not open.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto'
import type { Keyring } from './keyring.js'

declare const sealedBrand: unique symbol
/** A string only seal() makes. Secret columns are typed Sealed, so storing a raw token does not compile. */
export type Sealed = string & { readonly [sealedBrand]: true }

export interface SealContext {
  workspaceId: string
  table: string
  rowId: string
  column: string
}

export class SealError extends Error {
  override name = 'SealError'
}

const VERSION = 'kp1'
const IV_BYTES = 12
const TAG_BYTES = 16
const DATA_KEY_BYTES = 32
const WRAPPED_BYTES = IV_BYTES + DATA_KEY_BYTES + TAG_BYTES

function aadOf(context: SealContext, kid: string, part: 'dek' | 'value'): Buffer {
  // Length-prefixed so no two different contexts serialise alike.
  const parts = [
    VERSION,
    kid,
    part,
    context.workspaceId,
    context.table,
    context.rowId,
    context.column,
  ]
  return Buffer.from(parts.map((p) => `${p.length}:${p}`).join('|'))
}

function encrypt(key: Buffer, plaintext: Buffer, aad: Buffer): { iv: Buffer; body: Buffer } {
  const iv = randomBytes(IV_BYTES)
  const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES })
  cipher.setAAD(aad)
  const body = Buffer.concat([cipher.update(plaintext), cipher.final(), cipher.getAuthTag()])
  return { iv, body }
}

function decrypt(key: Buffer, iv: Buffer, body: Buffer, aad: Buffer): Buffer {
  if (iv.length !== IV_BYTES || body.length < TAG_BYTES)
    throw new SealError('sealed value is malformed')
  const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES })
  decipher.setAAD(aad)
  decipher.setAuthTag(body.subarray(body.length - TAG_BYTES))
  try {
    return Buffer.concat([
      decipher.update(body.subarray(0, body.length - TAG_BYTES)),
      decipher.final(),
    ])
  } catch {
    throw new SealError('sealed value does not open here (wrong key, wrong place, or tampered)')
  }
}

function wrapDataKey(keyring: Keyring, dataKey: Buffer, context: SealContext): string {
  keyring.assertSealable?.()
  const kek = keyring.primary
  const { iv, body } = encrypt(kek.key, dataKey, aadOf(context, kek.kid, 'dek'))
  return Buffer.concat([iv, body]).toString('base64url')
}

interface Parsed {
  kid: string
  wrapped: Buffer
  iv: Buffer
  body: Buffer
}

function parse(sealed: string): Parsed {
  const parts = sealed.split('.')
  if (parts.length !== 5 || parts[0] !== VERSION) throw new SealError('sealed value is malformed')
  const [, kid, wrapped, iv, body] = parts as [string, string, string, string, string]
  const parsed = {
    kid,
    wrapped: Buffer.from(wrapped, 'base64url'),
    iv: Buffer.from(iv, 'base64url'),
    body: Buffer.from(body, 'base64url'),
  }
  if (parsed.wrapped.length !== WRAPPED_BYTES) throw new SealError('sealed value is malformed')
  return parsed
}

function unwrapDataKey(keyring: Keyring, parsed: Parsed, context: SealContext): Buffer {
  const kek = keyring.get(parsed.kid)
  if (!kek) throw new SealError(`sealed value needs key "${parsed.kid}", which is not configured`)
  const iv = parsed.wrapped.subarray(0, IV_BYTES)
  return decrypt(kek.key, iv, parsed.wrapped.subarray(IV_BYTES), aadOf(context, parsed.kid, 'dek'))
}

export function seal(keyring: Keyring, plaintext: string, context: SealContext): Sealed {
  const dataKey = randomBytes(DATA_KEY_BYTES)
  const { iv, body } = encrypt(dataKey, Buffer.from(plaintext, 'utf8'), aadOf(context, '', 'value'))
  const wrapped = wrapDataKey(keyring, dataKey, context)
  dataKey.fill(0)
  return [
    VERSION,
    keyring.primary.kid,
    wrapped,
    iv.toString('base64url'),
    body.toString('base64url'),
  ].join('.') as Sealed
}

export function open(keyring: Keyring, sealed: Sealed, context: SealContext): string {
  const parsed = parse(sealed)
  const dataKey = unwrapDataKey(keyring, parsed, context)
  try {
    return decrypt(dataKey, parsed.iv, parsed.body, aadOf(context, '', 'value')).toString('utf8')
  } finally {
    dataKey.fill(0)
  }
}

/** Re-wraps the data key under the primary KEK; the ciphertext is untouched. Returns the value as is when already current. */
export function rewrap(keyring: Keyring, sealed: Sealed, context: SealContext): Sealed {
  const parsed = parse(sealed)
  if (parsed.kid === keyring.primary.kid) return sealed
  const dataKey = unwrapDataKey(keyring, parsed, context)
  try {
    const wrapped = wrapDataKey(keyring, dataKey, context)
    return [
      VERSION,
      keyring.primary.kid,
      wrapped,
      parsed.iv.toString('base64url'),
      parsed.body.toString('base64url'),
    ].join('.') as Sealed
  } finally {
    dataKey.fill(0)
  }
}

export function kidOf(sealed: Sealed): string {
  return parse(sealed).kid
}

/** JSON convenience: most secrets are small objects (a set of fields, a token set). */
export function sealJSON(keyring: Keyring, value: unknown, context: SealContext): Sealed {
  return seal(keyring, JSON.stringify(value), context)
}

export function openJSON<T>(keyring: Keyring, sealed: Sealed, context: SealContext): T {
  return JSON.parse(open(keyring, sealed, context)) as T
}
