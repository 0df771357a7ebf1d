import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client'

/**
 * How an OAuth refresh or a token mint ended: new tokens, the grant refused (RFC 6749 §5.2), a minting credential
 * refused (client credentials, JWT bearer, GitHub App), or anything else (network, 5xx…).
 */
export type RefreshResult = 'refreshed' | 'invalid_grant' | 'rejected' | 'failed'
/** How a webhook send ended: 2xx, another answer, or no answer (network, timeout, refused by the SSRF guard). */
export type WebhookAttemptResult = 'succeeded' | 'failed' | 'unreachable'

/**
 * How a proxied request ended: the provider answered (whatever its status), Keyport refused it (bad path, unknown
 * or expired credential, limits), the provider could not be reached, or it did not answer in time.
 */
export type ProxyOutcome = 'proxied' | 'refused' | 'unreachable' | 'timeout'
const PROXY_OUTCOMES: readonly ProxyOutcome[] = ['proxied', 'refused', 'unreachable', 'timeout']
const STATUS_CLASSES = ['1xx', '2xx', '3xx', '4xx', '5xx'] as const

const REFRESH_RESULTS: readonly RefreshResult[] = [
  'refreshed',
  'invalid_grant',
  'rejected',
  'failed',
]
const WEBHOOK_ATTEMPT_RESULTS: readonly WebhookAttemptResult[] = [
  'succeeded',
  'failed',
  'unreachable',
]

/** The route label of a request no route matched: one value, so raw URLs never become labels. */
export const UNMATCHED_ROUTE = 'unmatched'

/** A secret read is ~0.2 ms of CPU; the buckets start below that and reach the 10 s a stuck upstream can take. */
const HTTP_BUCKETS = [
  0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10,
]
const FLUSH_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5]

/** The series one route and method answer into, resolved once and then reused by every request. */
export interface HttpSeries {
  observe(statusCode: number, seconds: number): void
}

export interface Metrics {
  readonly registry: Registry
  /** `route` is Fastify's route pattern, undefined when no route matched; `method` is the request's. */
  httpSeries(route: string | undefined, method: string): HttpSeries
  secretRead(): void
  refresh(result: RefreshResult): void
  /** Counted once per active → expired transition (the caller made it), by reason. */
  credentialExpired(reason: string): void
  webhookAttempt(result: WebhookAttemptResult): void
  activityFlushed(auditRows: number, seconds: number): void
  activityFlushFailed(): void
  /** One proxied request, by outcome and the class of the status sent back (the provider's or Keyport's). */
  proxied(outcome: ProxyOutcome, status: number): void
  /** Time from receiving a proxied request to the provider's answer (headers), retries included. */
  proxyUpstreamSeconds(seconds: number): void
  /** A proxied request sent again after a 401 and a token refresh. */
  proxyRefreshRetry(): void
}

/**
 * One registry per node (tests build many apps in one process, so never prom-client's global one), holding
 * the process metrics and Keyport's own. Labels are route patterns and closed vocabularies only: no workspace,
 * user or credential id, nothing from a URL.
 */
export function createMetrics(): Metrics {
  const registry = new Registry()
  const registers = [registry]
  collectDefaultMetrics({ register: registry, prefix: 'keyport_' })

  const httpRequests = new Counter({
    name: 'keyport_http_requests_total',
    help: 'HTTP requests answered, by method, route pattern and status code.',
    labelNames: ['method', 'route', 'status'] as const,
    registers,
  })
  const httpDuration = new Histogram({
    name: 'keyport_http_request_duration_seconds',
    help: 'Time from receiving a request to finishing its answer, by method and route pattern.',
    labelNames: ['method', 'route'] as const,
    buckets: HTTP_BUCKETS,
    registers,
  })
  const secretReads = new Counter({
    name: 'keyport_secret_reads_total',
    help: 'Credential secrets handed out by GET /v1/credentials/{id}/secret.',
    registers,
  })
  const refreshes = new Counter({
    name: 'keyport_oauth_refreshes_total',
    help: 'OAuth token refreshes, by outcome.',
    labelNames: ['outcome'] as const,
    registers,
  })
  const expirations = new Counter({
    name: 'keyport_credential_expirations_total',
    help: 'Credentials that went from active to expired, by reason.',
    labelNames: ['reason'] as const,
    registers,
  })
  const webhookAttempts = new Counter({
    name: 'keyport_webhook_delivery_attempts_total',
    help: 'Webhook delivery attempts recorded, by outcome.',
    labelNames: ['outcome'] as const,
    registers,
  })
  const flushDuration = new Histogram({
    name: 'keyport_activity_flush_duration_seconds',
    help: 'Activity-log writes (up to 200 batched audit rows and lastUsedAt updates, one transaction each).',
    buckets: FLUSH_BUCKETS,
    registers,
  })
  const flushedRows = new Counter({
    name: 'keyport_activity_audit_rows_flushed_total',
    help: 'Audit rows written by activity-log flushes.',
    registers,
  })
  const flushFailures = new Counter({
    name: 'keyport_activity_flush_failures_total',
    help: 'Activity-log writes that failed; their rows are kept for the next flush.',
    registers,
  })
  const proxied = new Counter({
    name: 'keyport_proxy_requests_total',
    help: 'Proxied requests, by outcome and the class of the status sent back.',
    labelNames: ['outcome', 'status_class'] as const,
    registers,
  })
  const proxyUpstream = new Histogram({
    name: 'keyport_proxy_upstream_duration_seconds',
    help: 'Time from receiving a proxied request to the provider answering (headers), retries included.',
    buckets: HTTP_BUCKETS,
    registers,
  })
  const proxyRefreshRetries = new Counter({
    name: 'keyport_proxy_refresh_retries_total',
    help: 'Proxied requests sent again after the provider answered 401 and the token was refreshed.',
    registers,
  })
  const proxiedBy = new Map<string, Counter.Internal>()
  for (const outcome of PROXY_OUTCOMES)
    for (const statusClass of STATUS_CLASSES) {
      proxied.inc({ outcome, status_class: statusClass }, 0)
      proxiedBy.set(`${outcome} ${statusClass}`, proxied.labels(outcome, statusClass))
    }
  // Known outcomes start at 0, so a rate over them exists before the first event.
  const refreshBy = childrenOf(refreshes, REFRESH_RESULTS)
  const attemptBy = childrenOf(webhookAttempts, WEBHOOK_ATTEMPT_RESULTS)

  // route → method → series. Both keys come from a bounded set (registered routes, methods Node's parser
  // accepts), and status codes are three digits, so this stays small.
  const routes = new Map<string, Map<string, HttpSeries>>()
  function newSeries(route: string, method: string): HttpSeries {
    const duration = httpDuration.labels(method, route)
    const byStatus = new Map<number, Counter.Internal>()
    return {
      observe(statusCode, seconds) {
        let requests = byStatus.get(statusCode)
        if (!requests) {
          requests = httpRequests.labels(method, route, String(statusCode))
          byStatus.set(statusCode, requests)
        }
        requests.inc()
        duration.observe(seconds)
      },
    }
  }

  return {
    registry,
    httpSeries(route, method) {
      const key = route ?? UNMATCHED_ROUTE
      let byMethod = routes.get(key)
      if (!byMethod) routes.set(key, (byMethod = new Map()))
      let series = byMethod.get(method)
      if (!series) byMethod.set(method, (series = newSeries(key, method)))
      return series
    },
    secretRead: () => secretReads.inc(),
    refresh: (result) => refreshBy[result].inc(),
    credentialExpired: (reason) => expirations.inc({ reason }),
    webhookAttempt: (result) => attemptBy[result].inc(),
    activityFlushed(auditRows, seconds) {
      flushDuration.observe(seconds)
      flushedRows.inc(auditRows)
    },
    activityFlushFailed: () => flushFailures.inc(),
    proxied(outcome, status) {
      const statusClass = status >= 100 && status < 600 ? `${Math.floor(status / 100)}xx` : '5xx'
      proxiedBy.get(`${outcome} ${statusClass}`)!.inc()
    },
    proxyUpstreamSeconds: (seconds) => proxyUpstream.observe(seconds),
    proxyRefreshRetry: () => proxyRefreshRetries.inc(),
  }
}

function childrenOf<T extends string>(
  counter: Counter<'outcome'>,
  values: readonly T[],
): Record<T, Counter.Internal> {
  const children = {} as Record<T, Counter.Internal>
  for (const value of values) {
    counter.inc({ outcome: value }, 0)
    children[value] = counter.labels(value)
  }
  return children
}
