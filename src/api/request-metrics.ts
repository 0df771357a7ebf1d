import type { FastifyInstance } from 'fastify'
import type { Metrics } from '../metrics/index.js'

/**
 * Counts and times every answered request under its route pattern (`/v1/credentials/:credentialId/secret`), never
 * its URL, so no id, token or query string becomes a label; requests no route matched share one label value.
 * One hook, callback style (no promise per request); the series of a route and method is resolved once and kept.
 */
export function installRequestMetrics(app: FastifyInstance, metrics: Metrics): void {
  app.addHook('onResponse', (request, reply, done) => {
    metrics
      .httpSeries(request.routeOptions.url, request.method)
      .observe(reply.statusCode, reply.elapsedTime / 1000)
    done()
  })
}
