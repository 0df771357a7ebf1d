import type { FastifyInstance, FastifyRequest } from 'fastify'
import { Type } from '@sinclair/typebox'
import { AppError } from '../errors.js'
import { PROXY_METHODS, proxyRequest, type ProxyDeps } from '../proxy/index.js'
import { actorOf } from './auth.js'
import { errorResponse, errorResponses, rateLimitedResponse } from './schemas.js'

const PREFIX = '/v1/proxy/'

/**
 * The path after `/v1/proxy/{credentialId}/` and the query, exactly as the caller sent them (still encoded). Only
 * the plain origin-form spelling is taken: another spelling that routes here (an absolute-form target, `//v1`,
 * `/%761/proxy`) would be cut at the wrong place, so it is refused rather than guessed at.
 */
function rawTarget(request: FastifyRequest, credentialId: string): { path: string; query: string } {
  const url = request.raw.url ?? ''
  const mark = url.indexOf('?')
  const pathPart = mark === -1 ? url : url.slice(0, mark)
  const head = `${PREFIX}${credentialId}`
  if (
    !pathPart.startsWith(head) ||
    (pathPart.length > head.length && pathPart[head.length] !== '/')
  )
    throw new AppError(
      'invalid_proxy_path',
      'Send proxied requests to /v1/proxy/{credentialId}/{path} spelled plainly (origin-form, no encoded prefix).',
    )
  return {
    path: pathPart.slice(head.length + 1),
    query: mark === -1 ? '' : url.slice(mark + 1),
  }
}

const description = [
  "Sends the request to the app's API (`<the app's API base URL>/<path>`, query string unchanged) with the",
  'credential injected where the app takes it, and answers with the provider’s answer as it is (status, headers',
  'minus hop-by-hop and Set-Cookie, body streamed both ways) plus `Keyport-Proxied: 1`. Keyport’s own refusals',
  'carry the error envelope and no Keyport-Proxied header. Authorization, Cookie, Host, Proxy-* and Keyport-*',
  'request headers are not forwarded. OAuth tokens are refreshed first when due; a 401 on a replayable request',
  '(no body, or a body of at most 64 KiB with a Content-Length) is answered by one refresh and one retry.',
  '`Keyport-Retry: 429,503` retries GET, HEAD, PUT and DELETE on those statuses, honouring Retry-After.',
].join(' ')

/**
 * ANY /v1/proxy/{credentialId}/{path}. Registered in its own plugin context so that, for this route only, request
 * bodies are not parsed: the raw request streams to the provider.
 */
export function proxyRoutes(app: FastifyInstance, deps: ProxyDeps): void {
  void app.register(async (child) => {
    child.removeAllContentTypeParsers()
    child.addContentTypeParser('*', (_request, _payload, done) => done(null, undefined))
    // One route per method, so that each is its own operation in the document (proxyGet, proxyPost…).
    for (const method of PROXY_METHODS) {
      child.route({
        method,
        url: `${PREFIX}:credentialId/*`,
        exposeHeadRoute: false,
        // @fastify/swagger leaves HEAD routes out unless asked: this one is an operation of its own.
        config: { swagger: { exposeHeadRoute: true } },
        schema: {
          tags: ['Proxy'],
          operationId: `proxy${method[0]}${method.slice(1).toLowerCase()}`,
          summary: `Call the app's API with the credential injected (${method})`,
          description,
          params: Type.Object({
            credentialId: Type.String({ maxLength: 100 }),
            '*': Type.String({ description: 'The path under the app’s API base URL.' }),
          }),
          response: {
            '2XX': {
              description: "The provider's answer, as it is, with Keyport-Proxied: 1.",
              // Whatever the provider sends: any media type, any body.
              content: { '*/*': { schema: { description: "The provider's body." } } },
            },
            400: errorResponse('invalid_proxy_path, or an invalid Keyport-Retry.'),
            401: errorResponse(
              'No or a bad API key (unauthorized). A provider’s 401 carries Keyport-Proxied.',
            ),
            404: errorResponse('credential_not_found (another workspace’s id included).'),
            409: errorResponse('credential_expired: ask the user to reconnect.'),
            413: errorResponse('payload_too_large: over KEYPORT_PROXY_MAX_BODY_BYTES.'),
            422: errorResponse(
              'app_not_proxyable, or proxy_host_not_allowed (the filled base URL names a host the app does not allow, or an address Keyport may not call).',
            ),
            429: rateLimitedResponse(
              'rate_limited: the workspace’s request budget, or KEYPORT_PROXY_MAX_CONCURRENT_PER_CREDENTIAL requests in flight.',
            ),
            502: errorResponse(
              'upstream_unreachable, or upstream_unavailable (a due refresh could not reach the provider).',
            ),
            504: errorResponse('upstream_timeout: no answer within KEYPORT_PROXY_TIMEOUT_MS.'),
            default: errorResponses.default,
          },
        },
        handler: async (request, reply) => {
          const { credentialId } = request.params as { credentialId: string }
          const { path, query } = rawTarget(request, credentialId)
          try {
            const answer = await proxyRequest(deps, actorOf(request), {
              credentialId,
              method: request.method,
              path,
              query,
              headers: request.headers,
              body: request.raw,
              onBackgroundError: (err) =>
                request.log.warn({ err }, 'proxy re-check after 401 failed'),
            })
            reply.code(answer.status).headers(answer.headers)
            return reply.send(answer.body)
          } catch (error) {
            if (error instanceof AppError && error.code === 'rate_limited')
              reply.header('retry-after', '1')
            // A refusal before the body was read whole (413, 404 on an upload...): close the connection after the
            // answer rather than read the rest of an unwanted body to keep it alive.
            if (!request.raw.complete) reply.header('connection', 'close')
            throw error
          }
        },
      })
    }
  })
}
