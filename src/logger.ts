import type { FastifyServerOptions } from 'fastify'

/**
 * Pino options for the whole process. Secrets must never reach a log line: headers that carry them are redacted,
 * any field named like a secret is censored wherever it sits, and logged URLs lose their query string (an OAuth
 * callback carries `code` and `state` there).
 */
export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  ...[
    'token',
    'apiKey',
    'api_key',
    'key',
    'secret',
    'password',
    'authorization',
    'code',
    'clientSecret',
    'client_secret',
    'accessToken',
    'access_token',
    'refreshToken',
    'refresh_token',
    'idToken',
    'id_token',
    'data',
    'body',
  ].flatMap((name) => [name, `*.${name}`, `*.*.${name}`]),
]

export function loggerOptions(level: string): NonNullable<FastifyServerOptions['logger']> & object {
  return {
    level,
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    serializers: {
      req: (req: { method: string; url: string; id: string }) => ({
        method: req.method,
        url: req.url.split('?')[0],
        requestId: req.id,
      }),
    },
  }
}
