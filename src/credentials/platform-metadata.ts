// The platform's own metadata on users and credentials: a flat JSON object of short scalar values, for the
// platform's bookkeeping (plan, account id, region) and for filtering lists by one key. Never a secret: it is
// returned on every read and stored as plain text.
import { AppError } from '../errors.js'

export type MetadataValue = string | number | boolean | null
export type Metadata = Record<string, MetadataValue>
/** Metadata as stored and returned: a null removes a key, so none is left. */
export type StoredMetadata = Record<string, string | number | boolean>

export const METADATA_KEY = '^[A-Za-z0-9_.-]{1,40}$'
export const METADATA_MAX_KEYS = 50
export const METADATA_MAX_STRING = 500
export const METADATA_MAX_BYTES = 4096

function refuse(message: string): AppError {
  return new AppError('invalid_request', `metadata ${message}`, {
    fields: [{ field: 'metadata', message }],
  })
}

/**
 * `current` with `changes` applied: a key set to null is removed, others are set. The request schema already
 * checked each key and value; the limits on the whole object are checked here, after the merge, so a PATCH cannot
 * grow it past them. Returns the JSON to store, or null when nothing is left.
 */
export function mergeMetadata(current: Metadata, changes: Metadata): string | null {
  const merged: Metadata = { ...current }
  for (const [key, value] of Object.entries(changes)) {
    if (value === null) delete merged[key]
    else merged[key] = value
  }
  const keys = Object.keys(merged)
  if (keys.length === 0) return null
  if (keys.length > METADATA_MAX_KEYS) throw refuse(`has more than ${METADATA_MAX_KEYS} keys`)
  const json = JSON.stringify(merged)
  if (Buffer.byteLength(json) > METADATA_MAX_BYTES)
    throw refuse(`is larger than ${METADATA_MAX_BYTES} bytes as JSON`)
  return json
}

/**
 * A credential's platform metadata after `changes`, as mergeMetadata stores it. A key Keyport already keeps in the
 * credential's own metadata (a public typed field such as `shop`, `instance_url`) is refused, so the one `metadata`
 * object a credential is served with never hides one of them.
 */
export function mergeCredentialMetadata(
  keyport: Readonly<Record<string, unknown>>,
  current: Metadata,
  changes: Metadata,
): string | null {
  const taken = Object.keys(changes).find((key) => Object.hasOwn(keyport, key))
  if (taken !== undefined) throw refuse(`key ${taken} is already set by Keyport on this credential`)
  return mergeMetadata(current, changes)
}

/** The stored text as an object ({} when none). */
export function parseMetadata(stored: string | null): StoredMetadata {
  return stored ? (JSON.parse(stored) as StoredMetadata) : {}
}

/**
 * `?metadata[key]=value` from a query string, at most one key. Returns null without one; refuses several or a key
 * outside METADATA_KEY.
 */
export function metadataFilter(
  query: Record<string, unknown>,
): { key: string; value: string } | null {
  const found: { key: string; value: string }[] = []
  for (const [name, value] of Object.entries(query)) {
    const match = /^metadata\[(.*)\]$/s.exec(name)
    if (!match) continue
    if (!new RegExp(METADATA_KEY).test(match[1]!) || typeof value !== 'string')
      throw new AppError(
        'invalid_request',
        'metadata[key] needs a key of letters, digits, _ . - (1 to 40) and one value',
        {
          fields: [{ field: name.slice(0, 60), message: 'is invalid' }],
        },
      )
    found.push({ key: match[1]!, value })
  }
  if (found.length > 1)
    throw new AppError('invalid_request', 'filter by at most one metadata key', {
      fields: [{ field: 'metadata', message: 'more than one key' }],
    })
  return found[0] ?? null
}
