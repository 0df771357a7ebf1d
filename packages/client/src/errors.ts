/** Keyport's answer to a request it refused: the error envelope's `code`, `message` and `requestId`, typed. */
export class KeyportError extends Error {
  override readonly name = 'KeyportError'
  constructor(
    /** The HTTP status (0 when no answer came: the network failed or the request timed out). */
    readonly status: number,
    /** Keyport's snake_case error code: `credential_not_found`, `rate_limited`, `invalid_request`, … */
    readonly code: string,
    message: string,
    /** The request id to quote to whoever runs the Keyport node (`req_…`); null without an answer. */
    readonly requestId: string | null,
    /** Per-field problems of an `invalid_request` / `invalid_credential_data` (never the values). */
    readonly fields: { field: string; message: string }[] = [],
    /** Seconds the server asked to wait (`Retry-After`), on 429 and 503. */
    readonly retryAfter: number | null = null,
  ) {
    super(message)
  }
}

interface ErrorEnvelope {
  error?: {
    code?: unknown
    message?: unknown
    requestId?: unknown
    fields?: { field: string; message: string }[]
  }
}

/** The error an answer that is not 2xx stands for; a body that is not Keyport's envelope is still typed. */
export async function errorFromResponse(response: Response): Promise<KeyportError> {
  const text = await response.text().catch(() => '')
  let envelope: ErrorEnvelope = {}
  try {
    envelope = JSON.parse(text) as ErrorEnvelope
  } catch {
    // Not JSON: a proxy in front of Keyport, or a truncated answer.
  }
  const error = envelope.error ?? {}
  return new KeyportError(
    response.status,
    typeof error.code === 'string' ? error.code : `http_${response.status}`,
    typeof error.message === 'string' ? error.message : `Keyport answered ${response.status}.`,
    typeof error.requestId === 'string' ? error.requestId : response.headers.get('x-request-id'),
    Array.isArray(error.fields) ? error.fields : [],
    retryAfterSeconds(response.headers.get('retry-after')),
  )
}

/** `Retry-After` as seconds: delta-seconds or an HTTP date; null when absent or unreadable. */
export function retryAfterSeconds(value: string | null, now = Date.now()): number | null {
  if (value === null || value.trim() === '') return null
  if (/^\d+$/.test(value.trim())) return Number(value.trim())
  const at = Date.parse(value)
  return Number.isNaN(at) ? null : Math.max(0, Math.ceil((at - now) / 1000))
}
