import { describe, expect, it } from 'vitest'
import { parsePrometheusText, sampleValue } from '../../test/support/metrics.js'
import { createMetrics, UNMATCHED_ROUTE } from './metrics.js'

describe('createMetrics', () => {
  it('gives every node its own registry: two in one process count apart and register without clashing', async () => {
    const a = createMetrics()
    const b = createMetrics()
    a.secretRead()
    a.secretRead()
    b.secretRead()
    const read = async (m: typeof a) =>
      sampleValue(parsePrometheusText(await m.registry.metrics()), 'keyport_secret_reads_total')
    expect(await read(a)).toBe(2)
    expect(await read(b)).toBe(1)
  })

  it('keeps one series per route pattern and method, and one route label for every unmatched URL', async () => {
    const m = createMetrics()
    const secret = m.httpSeries('/v1/credentials/:credentialId/secret', 'GET')
    expect(m.httpSeries('/v1/credentials/:credentialId/secret', 'GET')).toBe(secret)
    expect(m.httpSeries('/v1/credentials/:credentialId/secret', 'HEAD')).not.toBe(secret)
    secret.observe(200, 0.0003)
    secret.observe(200, 0.002)
    secret.observe(409, 0.001)
    m.httpSeries(undefined, 'GET').observe(404, 0.0001)
    expect(m.httpSeries(undefined, 'GET')).toBe(m.httpSeries(UNMATCHED_ROUTE, 'GET'))

    const samples = parsePrometheusText(await m.registry.metrics())
    const route = '/v1/credentials/:credentialId/secret'
    const requests = (labels: Record<string, string>) =>
      sampleValue(samples, 'keyport_http_requests_total', labels)
    expect(requests({ method: 'GET', route, status: '200' })).toBe(2)
    expect(requests({ method: 'GET', route, status: '409' })).toBe(1)
    expect(requests({ method: 'GET', route: 'unmatched', status: '404' })).toBe(1)
    const duration = (suffix: string, labels: Record<string, string>) =>
      sampleValue(samples, `keyport_http_request_duration_seconds${suffix}`, labels)
    expect(duration('_count', { method: 'GET', route })).toBe(3)
    expect(duration('_sum', { method: 'GET', route })).toBeCloseTo(0.0033, 6)
    expect(duration('_bucket', { method: 'GET', route, le: '0.0005' })).toBe(1)
    expect(duration('_bucket', { method: 'GET', route, le: '0.001' })).toBe(2)
  })

  it('starts the known outcomes at zero and exports the process metrics under the keyport_ prefix', async () => {
    const m = createMetrics()
    m.refresh('invalid_grant')
    m.webhookAttempt('unreachable')
    m.credentialExpired('refresh_rejected')
    m.activityFlushed(3, 0.004)
    const text = await m.registry.metrics()
    const samples = parsePrometheusText(text)
    const value = (name: string, labels?: Record<string, string>) =>
      sampleValue(samples, name, labels)
    expect(value('keyport_oauth_refreshes_total', { outcome: 'refreshed' })).toBe(0)
    expect(value('keyport_oauth_refreshes_total', { outcome: 'failed' })).toBe(0)
    expect(value('keyport_oauth_refreshes_total', { outcome: 'invalid_grant' })).toBe(1)
    expect(value('keyport_webhook_delivery_attempts_total', { outcome: 'succeeded' })).toBe(0)
    expect(value('keyport_webhook_delivery_attempts_total', { outcome: 'unreachable' })).toBe(1)
    expect(value('keyport_credential_expirations_total', { reason: 'refresh_rejected' })).toBe(1)
    expect(value('keyport_activity_audit_rows_flushed_total')).toBe(3)
    expect(value('keyport_activity_flush_duration_seconds_count')).toBe(1)
    expect(text).toMatch(/^# TYPE keyport_process_cpu_user_seconds_total counter$/m)
    expect(text).toMatch(/^keyport_nodejs_heap_size_used_bytes \d+/m)
    // Every metric is Keyport's: nothing unprefixed leaks in from a default registry.
    expect(samples.filter((s) => !s.name.startsWith('keyport_'))).toEqual([])
  })
})
