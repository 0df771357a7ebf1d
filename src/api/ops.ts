import { readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import type { FastifyInstance } from 'fastify'
import type { ApiDeps } from './deps.js'
import { sendError } from './errors.js'

const ICONS_DIR = join(dirname(createRequire(import.meta.url).resolve('simple-icons')), 'icons')

export function opsRoutes(app: FastifyInstance, deps: ApiDeps): void {
  const hide = { schema: { hide: true } }

  app.get('/healthz', hide, async () => ({ status: 'ok' }))

  app.get('/readyz', hide, async (request, reply) => {
    try {
      await deps.ping()
      return { status: 'ready' }
    } catch (error) {
      request.log.warn({ err: error }, 'readiness check failed')
      return sendError(reply, request, 'not_ready', 'The database is not reachable.')
    }
  })

  // Prometheus scrapes this unauthenticated, like the probes: it carries no ids or secrets, and is meant to stay
  // inside the network boundary (README, Metrics).
  app.get('/metrics', hide, async (_request, reply) => {
    const { registry } = deps.metrics
    const body = await registry.metrics()
    return reply.type(registry.contentType).header('cache-control', 'no-store').send(body)
  })

  app.get<{ Params: { slug: string } }>('/icons/:slug', hide, async (request, reply) => {
    const match = /^([a-z0-9]+)\.svg$/.exec(request.params.slug)
    if (!match) return sendError(reply, request, 'not_found', 'No such icon.')
    try {
      const svg = await readFile(join(ICONS_DIR, `${match[1]}.svg`))
      return reply.type('image/svg+xml').header('cache-control', 'public, max-age=86400').send(svg)
    } catch {
      return sendError(reply, request, 'not_found', 'No such icon.')
    }
  })
}
