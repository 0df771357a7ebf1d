// One HTTP exchange with Keyport: the API key, JSON in and out, typed errors, and retries where a retry cannot do
// the work twice — a 429 (refused before any work), and a 503 or a lost connection for a request that is
// idempotent by method or carries an Idempotency-Key.
import { errorFromResponse, KeyportError } from './errors.js'

export interface TransportOptions {
  apiKey: string
  baseUrl: string
  fetch?: typeof fetch
  /** Retries after the first attempt; default 2. */
  maxRetries?: number
  /** The longest `Retry-After` honoured, in seconds; a longer one ends the retries. Default 60. */
  maxRetryAfterSeconds?: number
  /** Time allowed for one attempt, in milliseconds; default 30 000. */
  timeoutMs?: number
}

export interface RequestOptions {
  query?: Record<string, unknown>
  body?: unknown
  idempotencyKey?: string
  signal?: AbortSignal
}

const IDEMPOTENT = new Set(['GET', 'HEAD', 'PUT', 'DELETE', 'OPTIONS'])

export class Transport {
  readonly baseUrl: string
  private readonly fetch: typeof fetch
  private readonly maxRetries: number
  private readonly maxRetryAfter: number
  private readonly timeoutMs: number

  constructor(private readonly options: TransportOptions) {
    if (!options.apiKey) throw new TypeError('Keyport needs an apiKey')
    this.baseUrl = new URL(options.baseUrl).toString().replace(/\/+$/, '')
    this.fetch = options.fetch ?? globalThis.fetch
    this.maxRetries = options.maxRetries ?? 2
    this.maxRetryAfter = options.maxRetryAfterSeconds ?? 60
    this.timeoutMs = options.timeoutMs ?? 30_000
  }

  /** The parsed JSON answer (undefined for 204), or a KeyportError. */
  async json<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
    const response = await this.send(method, path, options)
    if (response.status === 204) return undefined as T
    return (await response.json()) as T
  }

  /** One request with the API key and nothing else (no JSON, no retries): the proxy's pass-through. */
  passThrough(path: string, init: RequestInit): Promise<Response> {
    const headers = new Headers(init.headers)
    headers.set('authorization', `Bearer ${this.options.apiKey}`)
    return this.fetch(this.baseUrl + path, { ...init, headers })
  }

  /** The raw answer of a 2xx (the proxy's, say), or a KeyportError; retried as `json` is. */
  async send(method: string, path: string, options: RequestOptions = {}): Promise<Response> {
    const url = this.baseUrl + path + queryString(options.query)
    const retryable = IDEMPOTENT.has(method) || options.idempotencyKey !== undefined
    const headers: Record<string, string> = {
      authorization: `Bearer ${this.options.apiKey}`,
      accept: 'application/json',
      ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...(options.idempotencyKey ? { 'idempotency-key': options.idempotencyKey } : {}),
    }
    const body = options.body !== undefined ? JSON.stringify(options.body) : undefined
    for (let attempt = 0; ; attempt++) {
      let response: Response
      try {
        response = await this.fetch(url, {
          method,
          headers,
          ...(body !== undefined ? { body } : {}),
          signal: attemptSignal(options.signal, this.timeoutMs),
        })
      } catch (cause) {
        if (options.signal?.aborted || !retryable || attempt >= this.maxRetries)
          throw networkError(cause)
        await sleep(backoff(attempt), options.signal)
        continue
      }
      if (response.ok) return response
      const error = await errorFromResponse(response)
      const again = error.status === 429 || (error.status === 503 && retryable)
      if (!again || attempt >= this.maxRetries) throw error
      const wait = error.retryAfter ?? backoff(attempt) / 1000
      if (wait > this.maxRetryAfter) throw error
      await sleep(wait * 1000, options.signal)
    }
  }
}

/** `?a=1&metadata[plan]=pro`: undefined values dropped, a `metadata` object spelled out key by key. */
export function queryString(query: Record<string, unknown> | undefined): string {
  if (!query) return ''
  const params = new URLSearchParams()
  for (const [name, value] of Object.entries(query)) {
    if (value === undefined || value === null) continue
    if (name === 'metadata' && typeof value === 'object') {
      for (const [key, v] of Object.entries(value as Record<string, unknown>))
        params.append(`metadata[${key}]`, String(v))
    } else params.append(name, String(value))
  }
  const text = params.toString()
  return text ? `?${text}` : ''
}

/** 0.5 s, 1 s, 2 s … capped at 8 s, each with ±25 % jitter. */
function backoff(attempt: number): number {
  return Math.min(500 * 2 ** attempt, 8000) * (0.75 + Math.random() * 0.5)
}

function attemptSignal(outer: AbortSignal | undefined, timeoutMs: number): AbortSignal {
  const timeout = AbortSignal.timeout(timeoutMs)
  return outer ? AbortSignal.any([outer, timeout]) : timeout
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason)
    const timer = setTimeout(resolve, ms)
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(timer)
        reject(signal.reason)
      },
      { once: true },
    )
  })
}

function networkError(cause: unknown): KeyportError {
  const timedOut = cause instanceof Error && cause.name === 'TimeoutError'
  const error = new KeyportError(
    0,
    timedOut ? 'timeout' : 'network_error',
    timedOut ? 'Keyport did not answer in time.' : 'Keyport could not be reached.',
    null,
  )
  ;(error as { cause?: unknown }).cause = cause
  return error
}
