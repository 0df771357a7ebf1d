import type { FastifyInstance, RouteOptions } from 'fastify'

/**
 * Paths that only authenticated callers may reach: the API (API key), the modal's API (connect token) and the MCP
 * server. Authentication hangs on the encapsulated context a route is registered in, never on these prefixes;
 * they only let the boot check below catch a route registered in the wrong place.
 */
const GUARDED_PATHS = [/^\/v1(\/|$)/i, /^\/connect\/api(\/|$)/i, /^\/mcp(\/|$)/i]

export interface GuardedContexts {
  /** Call inside an authenticated context, before its routes: they count as guarded. */
  markGuarded(scope: FastifyInstance): void
}

/**
 * Refuses to start (onReady throws) when a route under a guarded path was registered outside a context marked
 * guarded, e.g. a new /v1 route module added to app.ts instead of to v1Routes.
 */
export function checkGuardedContexts(root: FastifyInstance): GuardedContexts {
  const routes: RouteOptions[] = []
  const guarded = new WeakSet<RouteOptions>()
  root.addHook('onRoute', (route) => void routes.push(route))
  root.addHook('onReady', async () => {
    const loose = routes.filter((r) => GUARDED_PATHS.some((p) => p.test(r.url)) && !guarded.has(r))
    if (loose.length > 0)
      throw new Error(
        `Routes outside an authenticated context: ${loose.map((r) => `${r.method} ${r.url}`).join(', ')}`,
      )
  })
  return {
    markGuarded(scope) {
      scope.addHook('onRoute', (route) => void guarded.add(route))
    },
  }
}
