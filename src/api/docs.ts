import type { FastifyInstance } from 'fastify'
import fastifySwaggerUI from '@fastify/swagger-ui'

/**
 * /docs: Swagger UI under its own Content-Security-Policy (the plugin's, with hashes for its inline script and
 * styles), which no page may frame (frame-ancestors 'none' and, for older browsers, X-Frame-Options: DENY).
 * `upgrade-insecure-requests` is dropped: on a plain-http deployment it would send the UI's own assets to https.
 */
export async function docsRoutes(app: FastifyInstance): Promise<void> {
  await app.register(fastifySwaggerUI, {
    routePrefix: '/docs',
    staticCSP: true,
    transformStaticCSP: (header) =>
      header
        .replace("frame-ancestors 'self'", "frame-ancestors 'none'")
        .replace(/\s*upgrade-insecure-requests;?/, ''),
    uiHooks: {
      onRequest: (_request, reply, done) => {
        reply.header('x-frame-options', 'DENY')
        done()
      },
    },
  })
}
