import type { FastifyServerOptions } from 'fastify'

/**
 * Pino options for the whole process. Secrets must never reach a log line: every value under a key named like a
 * secret is censored at any depth, and logged URLs lose their query string (an OAuth callback carries `code`
 * and `state` there).
 *
 * The censoring is one walk over the log object by key name, not pino's path-based `redact`: with wildcard
 * paths for every secret-like name at every depth, `redact` cost ~95 µs per line — most of a secret read's
 * CPU — where this walk costs a few.
 */
export const SECRET_KEYS = new Set(
  [
    'authorization',
    'cookie',
    'set-cookie',
    'token',
    'apikey',
    'api_key',
    'key',
    'secret',
    'password',
    'code',
    'clientsecret',
    'client_secret',
    'accesstoken',
    'access_token',
    'refreshtoken',
    'refresh_token',
    'idtoken',
    'id_token',
    'data',
    'body',
    // Node's HTTP parser puts the raw request bytes (API key, body) on a client error as `rawPacket`; Node's URL
    // errors carry the URL they refused as `input` (a verification URL may hold a key in its query or path).
    'rawpacket',
    'input',
  ].map((k) => k.toLowerCase()),
)

const CENSOR = '[redacted]'
const MAX_DEPTH = 6

// Any URL inside free text (an error message, a stack): only its scheme and host survive, since a key may sit in its
// user info, path or query. (file:/// paths in stacks have no host and stay.)
const URL_IN_TEXT = /\b([a-z][a-z0-9+.-]*:\/\/)(?:[^\s/?#@]*@)?([^\s/?#@'"`<>]+)[^\s'"`<>]*/gi

function scrubText(text: string): string {
  return text.replace(URL_IN_TEXT, (_m, scheme: string, host: string) => `${scheme}${host}/[…]`)
}

// What an Error may keep in a log line: its kind, its message and stack with URLs cut, and short codes. Every other
// own property is dropped — that is where secrets hide (rawPacket, input, a request's headers, a response body).
const ERROR_CODES = ['code', 'statusCode', 'status', 'errno', 'syscall'] as const

interface LoggedError {
  type: string
  message: string
  stack: string
  [key: string]: unknown
}

function serializeError(error: Error, depth: number): LoggedError {
  const out: LoggedError = {
    type: error.constructor?.name ?? 'Error',
    message: scrubText(String(error.message)),
    stack: typeof error.stack === 'string' ? scrubText(error.stack) : '',
  }
  for (const key of ERROR_CODES) {
    const value = (error as unknown as Record<string, unknown>)[key]
    if (typeof value === 'number' || (typeof value === 'string' && value.length <= 64))
      out[key] = value
  }
  if (error.cause !== undefined) out.cause = censorSecrets(error.cause, depth + 1)
  if (error instanceof AggregateError)
    out.errors = error.errors.slice(0, 10).map((e: unknown) => censorSecrets(e, depth + 1))
  return out
}

/**
 * A copy of `value` with secret-named keys censored and every Error reduced to a safe shape (serializeError), at
 * any depth. Other objects that are not plain (a request, a Date) pass as they are, for pino's serializers.
 */
export function censorSecrets(value: unknown, depth = 0): unknown {
  if (value === null || typeof value !== 'object') return value
  if (depth > MAX_DEPTH) return '[too deep]'
  if (value instanceof Error) return serializeError(value, depth)
  if (Array.isArray(value)) return value.map((item) => censorSecrets(item, depth + 1))
  // Raw bytes are never worth a log line; a URL object would print its query.
  if (value instanceof Uint8Array) return `[${value.byteLength} bytes]`
  if (value instanceof URL) return scrubText(value.href)
  const proto = Object.getPrototypeOf(value)
  if (proto !== Object.prototype && proto !== null) return value
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(value)) {
    out[k] = SECRET_KEYS.has(k.toLowerCase()) ? CENSOR : censorSecrets(v, depth + 1)
  }
  return out
}

export function loggerOptions(level: string): NonNullable<FastifyServerOptions['logger']> & object {
  return {
    level,
    formatters: {
      log: (object: Record<string, unknown>) => censorSecrets(object) as Record<string, unknown>,
    },
    serializers: {
      // pino's own err serializer copies every property of an Error; ours keeps only what serializeError allows.
      // (formatters.log has already done this for a line's top-level err; this covers a child's bindings too.)
      err: (err: Error): LoggedError =>
        err instanceof Error ? serializeError(err, 0) : (err as LoggedError),
      req: (req: { method: string; url: string; id: string }) => ({
        method: req.method,
        url: req.url.split('?')[0],
        requestId: req.id,
      }),
    },
  }
}
