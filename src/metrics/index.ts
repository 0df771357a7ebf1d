// Metrics: the Prometheus registry of one node (GET /metrics) and typed handles to count what Keyport does.
// Owns metric names, label vocabularies and buckets. Must not: take a workspace, user or credential id, a URL or
// any secret as a label value (privacy and cardinality), or use prom-client's global registry (one per node).
export {
  createMetrics,
  UNMATCHED_ROUTE,
  type Metrics,
  type HttpSeries,
  type RefreshResult,
  type WebhookAttemptResult,
  type ProxyOutcome,
} from './metrics.js'
