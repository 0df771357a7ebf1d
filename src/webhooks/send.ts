import { OutboundRefused, type OutboundClient, type OutboundRequestInit } from '../net/index.js'

export interface SendResult {
  statusCode: number | null
  /** Why the attempt failed, in words safe to show the platform; null on 2xx. */
  error: string | null
  retryAfter: string | undefined
  /** True when our side gave up because the worker is stopping: not the receiver's failure. */
  aborted: boolean
}

const MAX_RESPONSE_BYTES = 64 * 1024

/**
 * One POST through the webhooks' outbound client (its own trust list, KEYPORT_WEBHOOK_ALLOWED_HOSTS): the
 * address connected to is checked on this very connection, redirects are not followed (a 3xx is a failure), only
 * 2xx succeeds, the whole exchange is bounded by `timeoutMs`, the body is read up to 64 KB and dropped.
 */
export async function postWebhook(
  url: string,
  options: {
    client: OutboundClient
    headers: Record<string, string>
    body: string
    timeoutMs: number
    signal?: AbortSignal
  },
): Promise<SendResult> {
  const stopped = () => options.signal?.aborted === true
  const init: OutboundRequestInit = {
    method: 'POST',
    headers: {
      ...options.headers,
      'content-type': 'application/json',
      'user-agent': 'Keyport-Webhooks/1',
    },
    body: options.body,
    timeoutMs: options.timeoutMs,
    maxResponseBytes: MAX_RESPONSE_BYTES,
    ...(options.signal ? { signal: options.signal } : {}),
  }
  let response: Response
  try {
    response = await options.client.fetch(url, init)
  } catch (error) {
    return {
      statusCode: null,
      error: describe(error as Error, options.timeoutMs),
      retryAfter: undefined,
      aborted: stopped(),
    }
  }
  // The body is not used; reading it (capped) lets the connection be reused. Cut short or too long, the status counts.
  await response.arrayBuffer().catch(() => undefined)
  const status = response.status
  const retryAfter = response.headers.get('retry-after') ?? undefined
  if (status >= 200 && status < 300)
    return { statusCode: status, error: null, retryAfter, aborted: false }
  const error =
    status >= 300 && status < 400
      ? `answered ${status} (redirects are not followed)`
      : `answered ${status}`
  return { statusCode: status, error, retryAfter, aborted: false }
}

function describe(error: Error, timeoutMs: number): string {
  if (error instanceof OutboundRefused) return `refused: ${error.message}`
  if (error.name === 'TimeoutError') return `timed out after ${Math.round(timeoutMs / 1000)} s`
  if (error.name === 'AbortError') return 'aborted: the worker stopped'
  const code = (error.cause as NodeJS.ErrnoException | undefined)?.code ?? ''
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'the host name could not be resolved'
  if (code === 'ECONNREFUSED') return 'connection refused'
  if (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET') return 'connection reset'
  if (code === 'UND_ERR_CONNECT_TIMEOUT') return 'timed out connecting'
  if (code.startsWith('ERR_TLS') || code.includes('CERT'))
    return 'TLS error: the certificate was not accepted'
  return `network error (${code || error.name})`
}
