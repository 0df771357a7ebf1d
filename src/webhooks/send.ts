import http from 'node:http'
import https from 'node:https'
import { guardedLookup, refuseStatically, type AllowList } from './ssrf.js'

export interface SendResult {
  statusCode: number | null
  /** Why the attempt failed, in words safe to show the platform; null on 2xx. */
  error: string | null
  retryAfter: string | undefined
  /** True when our side gave up because the worker is stopping: not the receiver's failure. */
  aborted: boolean
}

const MAX_RESPONSE_BYTES = 64 * 1024
// Keep-alive per destination: the address was checked by the guarded lookup when the socket opened.
const agents = {
  'http:': new http.Agent({ keepAlive: true, maxSockets: 64 }),
  'https:': new https.Agent({ keepAlive: true, maxSockets: 64 }),
}

/**
 * One POST. Redirects are not followed (a 3xx is a failure), only 2xx succeeds, the whole exchange is bounded by
 * `timeoutMs`, the response body is read up to 64 KB and dropped, and the SSRF guard runs on this very connection.
 */
export function postWebhook(
  url: string,
  options: {
    headers: Record<string, string>
    body: string
    timeoutMs: number
    allow: AllowList
    signal?: AbortSignal
  },
): Promise<SendResult> {
  const target = new URL(url)
  const refusal = refuseStatically(target, options.allow)
  if (refusal)
    return Promise.resolve({
      statusCode: null,
      error: `refused: ${refusal}`,
      retryAfter: undefined,
      aborted: false,
    })
  const timeout = AbortSignal.timeout(options.timeoutMs)
  const signal = options.signal ? AbortSignal.any([timeout, options.signal]) : timeout
  const client = target.protocol === 'https:' ? https : http
  return new Promise((resolve) => {
    const done = (result: Omit<SendResult, 'aborted'>) =>
      resolve({ ...result, aborted: options.signal?.aborted === true && !timeout.aborted })
    const request = client.request(
      target,
      {
        method: 'POST',
        agent: agents[target.protocol as 'http:' | 'https:'],
        lookup: guardedLookup(options.allow) as never,
        signal,
        headers: {
          ...options.headers,
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(options.body),
          'user-agent': 'Keyport-Webhooks/1',
        },
      },
      (response) => {
        let read = 0
        response.on('data', (chunk: Buffer) => {
          read += chunk.length
          if (read > MAX_RESPONSE_BYTES) response.destroy()
        })
        const finish = () => {
          const status = response.statusCode ?? 0
          const retryAfter = response.headers['retry-after']
          if (status >= 200 && status < 300)
            return done({ statusCode: status, error: null, retryAfter })
          const error =
            status >= 300 && status < 400
              ? `answered ${status} (redirects are not followed)`
              : `answered ${status}`
          done({ statusCode: status, error, retryAfter })
        }
        response.on('end', finish)
        response.on('close', finish) // body cut short or too long: the status still counts
        response.on('error', () => undefined)
      },
    )
    request.on('error', (error: NodeJS.ErrnoException) =>
      done({
        statusCode: null,
        error: describe(error, timeout, options.timeoutMs),
        retryAfter: undefined,
      }),
    )
    request.end(options.body)
  })
}

function describe(error: NodeJS.ErrnoException, timeout: AbortSignal, timeoutMs: number): string {
  if (timeout.aborted) return `timed out after ${Math.round(timeoutMs / 1000)} s`
  if (error.code === 'EWEBHOOKREFUSED') return `refused: ${error.message}`
  if (error.name === 'AbortError') return 'aborted: the worker stopped'
  if (error.code === 'ENOTFOUND' || error.code === 'EAI_AGAIN')
    return 'the host name could not be resolved'
  if (error.code === 'ECONNREFUSED') return 'connection refused'
  if (error.code === 'ECONNRESET') return 'connection reset'
  if (error.code?.startsWith('ERR_TLS') || error.code?.includes('CERT'))
    return 'TLS error: the certificate was not accepted'
  return `network error (${error.code ?? error.name})`
}
