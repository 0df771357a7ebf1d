import Fastify, {
  LogController,
  type FastifyBaseLogger,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
} from 'fastify'
import Ajv from 'ajv'
import { AppError } from './errors.js'
import { newId } from './ids.js'
import { isTimestamp } from './timestamps.js'
import { connectRoutes } from './api/connect.js'
import { consoleAuthRoutes } from './api/console-auth.js'
import { declareWorkspaceId } from './api/auth.js'
import { checkGuardedContexts } from './api/guarded-routes.js'
import { v1Routes } from './api/v1.js'
import { mcpRoutes } from './mcp/index.js'
import type { ApiDeps } from './api/deps.js'
import { docsRoutes } from './api/docs.js'
import { consolePageRoutes, loadConsoleBuild, type ConsoleBuild } from './api/console-pages.js'
import { registerOpenAPI } from './api/openapi.js'
import { installErrorHandling } from './api/errors.js'
import {
  clientErrorHandler,
  refuseConnectMethod,
  requireHostHeader,
  routerRefusal,
} from './api/framework-errors.js'
import { opsRoutes } from './api/ops.js'
import { installRequestMetrics } from './api/request-metrics.js'
import { ErrorEnvelope } from './api/schemas.js'

export interface BuildOptions {
  /** The process logger (pino, with redaction); no logging when absent. */
  logger?: FastifyBaseLogger
  /** Extra route sets (the modal, OAuth callback, webhooks), registered after the core ones. */
  plugins?: ReadonlyArray<(app: FastifyInstance, deps: ApiDeps) => void>
  /** Told of every route as it is added (the security test walks them all). */
  onRoute?: (route: { method: string | string[]; url: string }) => void
  /** The console's built front-end; read from dist/console-ui when absent. */
  consoleBuild?: ConsoleBuild
}

const BODY_LIMIT = 1024 * 1024

/**
 * Bodies are validated strictly (an unknown field is an error, no type coercion); query strings and path
 * parameters are coerced, since they arrive as text.
 */
function validatorCompilers() {
  const base = {
    allErrors: false,
    strict: false,
    useDefaults: true,
    removeAdditional: false,
  } as const
  const strictAjv = new Ajv.default({ ...base, coerceTypes: false })
  const coercingAjv = new Ajv.default({ ...base, coerceTypes: 'array' })
  // Every date a request carries (body or query string) is RFC 3339 in the years 0001–9999, checked part by part:
  // a pattern alone let month 13 and expanded years through to the database.
  for (const ajv of [strictAjv, coercingAjv])
    ajv.addFormat('date-time', { type: 'string', validate: isTimestamp })
  return ({ schema, httpPart }: { schema: object; httpPart?: string }) =>
    (httpPart === 'body' ? strictAjv : coercingAjv).compile(schema)
}

/**
 * Fastify's JSON parser (which refuses __proto__ poisoning), plus a refusal of NUL characters, which
 * PostgreSQL cannot store in text and would otherwise turn into a 500.
 */
function installJSONParser(app: FastifyInstance): void {
  const parse = app.getDefaultJsonParser('error', 'error')
  app.removeContentTypeParser('application/json')
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    if (/\\u0000/i.test(body as string)) {
      done(
        new AppError(
          'invalid_request',
          'Strings in the request body must not contain NUL characters.',
        ),
        undefined,
      )
      return
    }
    parse(request, body as string, done)
  })
}

/**
 * One log line per request, when it completes, instead of Fastify's two; and it logs plain fields rather than the
 * request and reply objects, which the logger's wildcard redaction would otherwise walk. At info level request
 * logging was about a third of a secret read's CPU in the bench profile (pino + redaction).
 */
class OneLinePerRequest extends LogController {
  override incomingRequest(): void {}

  override requestCompleted(
    error: Error | null | undefined,
    request: FastifyRequest,
    reply: FastifyReply,
  ): void {
    const line = {
      req: { method: request.method, url: request.url, id: request.id },
      res: { statusCode: reply.statusCode },
      responseTime: reply.elapsedTime,
    }
    if (error) reply.log.error({ ...line, err: error }, 'request errored')
    // A provider's answer relayed by the proxy has its audit row (method, path, status, duration): an info line
    // too would say it twice, at ~10 % of a proxied call's CPU (pino, censoring, the write). Keyport's own answers
    // on that route (its refusals, which carry no Keyport-Proxied) are logged like every other request.
    else if (!reply.hasHeader('keyport-proxied')) reply.log.info(line, 'request completed')
  }
}

/** Builds the HTTP app. Never listens: main.ts does, tests use inject() or listen on port 0. */
export async function buildApp(
  deps: ApiDeps,
  options: BuildOptions = {},
): Promise<FastifyInstance> {
  const app = Fastify({
    ...(options.logger ? { loggerInstance: options.logger } : { logger: false }),
    bodyLimit: BODY_LIMIT,
    genReqId: () => newId('req'),
    requestIdHeader: false,
    return503OnClosing: true,
    logController: new OneLinePerRequest(),
    frameworkErrors: routerRefusal,
    clientErrorHandler,
    http: { requireHostHeader: false },
  })
  if (options.onRoute) {
    const onRoute = options.onRoute
    app.addHook('onRoute', (route) => onRoute({ method: route.method, url: route.url }))
  }
  app.setValidatorCompiler(validatorCompilers())
  installJSONParser(app)
  app.addSchema(ErrorEnvelope)
  installErrorHandling(app)
  requireHostHeader(app)
  refuseConnectMethod(app)
  // From close() on, answers close their keep-alive connection: a request in flight when the stop began would
  // otherwise leave an idle connection that holds the stop open until its client hangs up (keep-alive is 72 s).
  let draining = false
  app.addHook('preClose', (done) => {
    draining = true
    done()
  })
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id)
    reply.header('x-content-type-options', 'nosniff')
    if (draining) reply.header('connection', 'close')
  })
  installRequestMetrics(app, deps.metrics)

  await registerOpenAPI(app, { publicURL: deps.publicURL })
  await docsRoutes(app)
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger())

  // Authentication belongs to the context a route is registered in: /v1 routes go in v1Routes (API key), the
  // modal's API in connectRoutes (connect token); the guard refuses to boot with a guarded path anywhere else.
  const guard = checkGuardedContexts(app)
  declareWorkspaceId(app)
  opsRoutes(app, deps)
  v1Routes(app, deps, guard)
  connectRoutes(app, deps, guard)
  mcpRoutes(app, deps, guard)
  consolePageRoutes(app, options.consoleBuild ?? loadConsoleBuild())
  consoleAuthRoutes(app, deps)
  for (const plugin of options.plugins ?? []) plugin(app, deps)
  await app.ready()
  return app
}
