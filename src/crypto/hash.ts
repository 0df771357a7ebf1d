import { createHash, timingSafeEqual } from 'node:crypto'

/** Bearer secrets have 256 random bits, so one SHA-256 is enough: no slow KDF is needed or wanted. */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex')
}

export function hashesEqual(a: string, b: string): boolean {
  const left = Buffer.from(a, 'hex')
  const right = Buffer.from(b, 'hex')
  return left.length === right.length && timingSafeEqual(left, right)
}
