import { Agent, fetch as undiciFetch, type Dispatcher } from 'undici'
import { guardedConnector } from './connector.js'
import { OutboundRefused, OutboundTooLarge, outboundRefusal } from './errors.js'
import { parseTrusted } from './policy.js'

export interface OutboundClientOptions {
  /** Host names, addresses and CIDRs this client may reach although they are not public. */
  trusted: readonly string[]
  /** Bound on DNS + TCP + TLS for one connection. Default 5 s. */
  connectTimeoutMs?: number
  /** Default bound on one fetch, from the call to the end of its body. Default 15 s. */
  timeoutMs?: number
  /** Cap on a response body read through `fetch`. Default 1 MiB. */
  maxResponseBytes?: number
}

/** Per-call extras `fetch` accepts besides RequestInit (typed callers may spread them in). */
export interface OutboundRequestInit extends RequestInit {
  /** Replaces the client's default total time bound for this call. */
  timeoutMs?: number
  /** Replaces the client's default response size cap for this call. */
  maxResponseBytes?: number
}

export interface OutboundClient {
  /** WHATWG fetch through the guard: redirects are never followed, time and body size are bounded. */
  fetch: typeof fetch
  /** The guarded dispatcher, for undici.request / stream (streaming callers bound time and size themselves). */
  dispatcher: Dispatcher
  close(): Promise<void>
}

const NULL_BODY_STATUSES = new Set([101, 204, 205, 304])

/**
 * One outbound HTTP client. Every request Keyport sends on someone's behalf goes through one of these, so the
 * address check happens on the connection itself (see connector.ts) and nowhere else.
 */
export function createOutboundClient(options: OutboundClientOptions): OutboundClient {
  const policy = parseTrusted(options.trusted)
  const defaultTimeoutMs = options.timeoutMs ?? 15_000
  const defaultMaxBytes = options.maxResponseBytes ?? 1024 * 1024
  const dispatcher = new Agent({
    connect: guardedConnector(policy, { timeoutMs: options.connectTimeoutMs ?? 5_000 }),
    headersTimeout: 30_000,
    bodyTimeout: 30_000,
  })

  const outboundFetch = async (
    input: string | URL | Request,
    init: OutboundRequestInit = {},
  ): Promise<Response> => {
    const { timeoutMs = defaultTimeoutMs, maxResponseBytes = defaultMaxBytes, ...rest } = init
    const request = requestParts(input, rest)
    const protocol = new URL(request.url).protocol
    if (protocol !== 'http:' && protocol !== 'https:')
      throw new TypeError(`only http: and https: URLs can be fetched, not ${protocol}`)
    const timeout = AbortSignal.timeout(timeoutMs)
    const signal = request.init.signal ? AbortSignal.any([request.init.signal, timeout]) : timeout
    let response: Awaited<ReturnType<typeof undiciFetch>>
    try {
      response = await undiciFetch(request.url, {
        ...(request.init as Parameters<typeof undiciFetch>[1]),
        redirect: 'manual', // a 3xx is the answer: following it would leave the checked destination
        signal,
        dispatcher,
      })
    } catch (error) {
      // Surface the guard's refusal itself, not fetch's generic "fetch failed" around it.
      const refusal = outboundRefusal(error)
      if (refusal) throw new OutboundRefused(refusal.message, refusal.host)
      throw error
    }
    return capped(response as unknown as Response, maxResponseBytes)
  }

  return {
    fetch: outboundFetch as typeof fetch,
    dispatcher,
    close: () => dispatcher.close(),
  }
}

/** A Request object given as input is unpacked, so the undici package's fetch sees plain parts. */
function requestParts(
  input: string | URL | Request,
  init: RequestInit,
): { url: string; init: RequestInit } {
  if (typeof input === 'string' || input instanceof URL) return { url: String(input), init }
  return {
    url: input.url,
    init: {
      method: input.method,
      headers: input.headers,
      ...(input.body ? { body: input.body, duplex: 'half' } : {}),
      signal: input.signal,
      ...init,
    } as RequestInit,
  }
}

/**
 * Re-wraps the response as the global Response (libraries such as oauth4webapi check its class) with a body that
 * errors with OutboundTooLarge past `limit` bytes, so `text()`/`json()` never buffer an unbounded answer.
 */
function capped(response: Response, limit: number): Response {
  const init = {
    status: response.status,
    statusText: response.statusText,
    headers: response.headers,
  }
  const source = response.body
  if (source === null || NULL_BODY_STATUSES.has(response.status)) {
    void source?.cancel().catch(() => undefined)
    return withURL(new Response(null, init), response.url)
  }
  const reader = source.getReader()
  let size = 0
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const { done, value } = await reader.read()
      if (done) return controller.close()
      size += value.byteLength
      if (size > limit) {
        controller.error(new OutboundTooLarge(limit))
        await reader.cancel().catch(() => undefined)
        return
      }
      controller.enqueue(value)
    },
    cancel: (reason) => reader.cancel(reason),
  })
  return withURL(new Response(body, init), response.url)
}

function withURL(response: Response, url: string): Response {
  Object.defineProperty(response, 'url', { value: url })
  return response
}
