// The one registration point of the /v1 API. Every module listed in V1_ROUTES is registered inside one
// encapsulated Fastify context whose onRequest hook checks the API key or console session and counts the workspace's rate limit, so
// authentication belongs to the route whatever spelling of the URL reached it (`/%761/users`, an absolute-form
// target, …). A new /v1 route module (the proxy, agent tokens, audit) goes in this list; a /v1 route registered
// anywhere else stops the server at boot (guarded-routes.ts).
import type { FastifyInstance } from 'fastify'
import { agentTokenRoutes } from './agent-tokens.js'
import { apiKeyRoutes } from './api-keys.js'
import { appRoutes } from './apps.js'
import { auditRoutes } from './audit.js'
import { authenticateV1 } from './auth.js'
import { honourIdempotencyKeys } from './idempotency.js'
import { connectTokenRoutes } from './connect.js'
import { credentialCheckRoutes } from './credential-checks.js'
import { credentialListRoutes } from './credential-list.js'
import { credentialTimelineRoutes } from './credential-timeline.js'
import { credentialRoutes } from './credentials.js'
import { consoleUserRoutes } from './console-users.js'
import type { ApiDeps } from './deps.js'
import { eventRoutes } from './events.js'
import { proxyRoutes } from './proxy.js'
import type { GuardedContexts } from './guarded-routes.js'
import { settingsRoutes } from './settings.js'
import { summaryRoutes } from './summary.js'
import { userRoutes } from './users.js'
import { webhookRoutes } from './webhooks.js'

const V1_ROUTES: ReadonlyArray<(v1: FastifyInstance, deps: ApiDeps) => void> = [
  userRoutes,
  settingsRoutes,
  connectTokenRoutes,
  appRoutes,
  credentialRoutes,
  credentialCheckRoutes,
  webhookRoutes,
  eventRoutes,
  agentTokenRoutes,
  auditRoutes,
  credentialListRoutes,
  credentialTimelineRoutes,
  proxyRoutes,
  summaryRoutes,
  apiKeyRoutes,
  consoleUserRoutes,
]

export function v1Routes(app: FastifyInstance, deps: ApiDeps, guard: GuardedContexts): void {
  app.register(async (v1) => {
    guard.markGuarded(v1)
    authenticateV1(v1, deps)
    honourIdempotencyKeys(v1, deps)
    for (const routes of V1_ROUTES) routes(v1, deps)
  })
}
