// GET /connect/marks/{app}.svg: the app's mark (logo tile or initials tile) for the modal, public like /icons (the
// catalog is the same for every workspace). The SVG is built once per app from catalog data and simple-icons paths.
import type { FastifyInstance } from 'fastify'
import { renderMark } from '../modal/index.js'
import type { ApiDeps } from './deps.js'
import { sendError } from './errors.js'

export function connectMarkRoutes(scope: FastifyInstance, deps: Pick<ApiDeps, 'catalog'>): void {
  const cache = new Map<string, string>()
  scope.get<{ Params: { file: string } }>(
    '/connect/marks/:file',
    { schema: { hide: true } },
    async (request, reply) => {
      const id = /^([a-z0-9][a-z0-9-]{0,62})\.svg$/.exec(request.params.file)?.[1]
      const app = id ? deps.catalog.get(id) : undefined
      if (!app) return sendError(reply, request, 'not_found', 'No such app.')
      let svg = cache.get(app.id)
      if (svg === undefined) cache.set(app.id, (svg = renderMark(app)))
      return (
        reply
          .type('image/svg+xml')
          .header('cache-control', 'public, max-age=86400')
          .header('x-content-type-options', 'nosniff')
          // Opened on its own, the SVG is a document: it may run nothing and load nothing.
          .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'")
          .send(svg)
      )
    },
  )
}
