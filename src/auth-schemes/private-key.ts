// Private keys the user pastes or uploads (PEM, or a member of a provider's JSON key file), checked on entry so a
// public key, a certificate or garbage is refused with the field named instead of failing at the first mint.
import { createPrivateKey, type KeyObject } from 'node:crypto'
import { AppError } from '../errors.js'

/** What each JWS algorithm family needs of the key (RFC 7518 §3). */
const KEY_TYPES: Record<string, readonly string[]> = {
  RS: ['rsa'],
  PS: ['rsa', 'rsa-pss'],
  ES: ['ec'],
}
const CURVES: Record<string, string> = { ES256: 'prime256v1', ES384: 'secp384r1' }

/** Copies from environment files often carry `\n` as two characters: a PEM is multi-line by definition. */
export function normalizePEM(text: string): string {
  const trimmed = text.trim()
  return trimmed.includes('\\n') && !trimmed.includes('\n')
    ? trimmed.replaceAll('\\n', '\n')
    : trimmed
}

/** The key, or null when the text is not a private key of the algorithm's kind (never says why in detail). */
export function readPrivateKey(
  pem: string,
  algorithm: string,
  passphrase?: string,
): KeyObject | null {
  if (/-----BEGIN (RSA |EC )?PUBLIC KEY-----|-----BEGIN CERTIFICATE-----/.test(pem)) return null
  let key: KeyObject
  try {
    key = createPrivateKey({
      key: normalizePEM(pem),
      format: 'pem',
      ...(passphrase ? { passphrase } : {}),
    })
  } catch {
    return null
  }
  if (key.type !== 'private') return null
  if (!KEY_TYPES[algorithm.slice(0, 2)]?.includes(key.asymmetricKeyType ?? '')) return null
  const curve = CURVES[algorithm]
  if (curve && key.asymmetricKeyDetails?.namedCurve !== curve) return null
  return key
}

/** The 422 for a value that is not what its field must hold; the message names the field, never the value. */
export function fieldRefused(field: { name: string; displayName: string }, why: string): AppError {
  const message = `${field.displayName} ${why}`
  return new AppError('invalid_credential_data', `Invalid credential data: ${message}`, {
    fields: [{ field: field.name, message }],
  })
}
