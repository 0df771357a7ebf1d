// Answers written before a route runs, in the same envelope as every other error: what the router refuses
// (frameworkErrors) and what Node's HTTP parser refuses before Fastify sees a request (clientErrorHandler). Neither
// echoes the request: a refused URL or header block may be long, or carry a secret.
import { STATUS_CODES } from 'node:http'
import type { Socket } from 'node:net'
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { statusOf, type ErrorCode } from '../errors.js'
import { newId } from '../ids.js'
import { sendError } from './errors.js'

const ROUTER_REFUSALS: Record<string, [ErrorCode, string]> = {
  FST_ERR_BAD_URL: ['invalid_request', 'The URL path contains an invalid percent-encoding.'],
  FST_ERR_MAX_PARAM_LENGTH: [
    'uri_too_long',
    'A part of the URL path is longer than 100 characters.',
  ],
}

/** Fastify's `frameworkErrors` option. */
export function routerRefusal(
  error: FastifyError,
  request: FastifyRequest,
  reply: FastifyReply,
): FastifyReply {
  const [code, message] = ROUTER_REFUSALS[error.code] ?? [
    'internal_error',
    'Something went wrong on our side. Quote the requestId if you contact support.',
  ]
  if (statusOf(code) >= 500) request.log.error({ err: error }, 'router failed')
  // This reply skips the onSend hooks, which set the request id header for routed answers.
  reply.header('x-request-id', request.id)
  return sendError(reply, request, code, message)
}

const PARSER_REFUSALS: Record<string, [ErrorCode, string]> = {
  HPE_HEADER_OVERFLOW: ['headers_too_large', 'The request headers are larger than 16 KB.'],
  ERR_HTTP_REQUEST_TIMEOUT: ['request_timeout', 'The request was not received in time.'],
}
const MALFORMED: [ErrorCode, string] = [
  'invalid_request',
  'The request is not valid HTTP/1.1 (request line, headers, Content-Length or chunked body).',
]

/**
 * Fastify's `clientErrorHandler`: Node's parser refused the bytes (duplicate Content-Length, Content-Length with
 * Transfer-Encoding, bad chunking, an oversized header block, a timeout). There is no request object, so the answer
 * is written to the socket by hand, with a request id of its own, and the connection is closed.
 */
export function clientErrorHandler(
  this: FastifyInstance,
  error: NodeJS.ErrnoException,
  socket: Socket,
): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return
  const [code, message] = PARSER_REFUSALS[error.code ?? ''] ?? MALFORMED
  const requestId = newId('req')
  this.log.debug({ err: error, requestId }, 'client error')
  writeRawError(socket, code, message, requestId)
}

/** Node closes a CONNECT request's socket without a word when nobody listens for it; this answers first. */
export function refuseConnectMethod(app: FastifyInstance): void {
  app.server.on('connect', (_request, socket: Socket) =>
    writeRawError(socket, 'invalid_request', 'CONNECT is not supported.', newId('req')),
  )
}

function writeRawError(socket: Socket, code: ErrorCode, message: string, requestId: string): void {
  if (socket.writable) {
    const status = statusOf(code)
    const body = JSON.stringify({ error: { code, message, requestId } })
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\n` +
        'Content-Type: application/json; charset=utf-8\r\n' +
        `Content-Length: ${Buffer.byteLength(body)}\r\n` +
        `X-Request-Id: ${requestId}\r\n` +
        'X-Content-Type-Options: nosniff\r\n' +
        'Cache-Control: no-store\r\n' +
        'Connection: close\r\n\r\n' +
        body,
    )
  }
  socket.destroy()
}

/**
 * RFC 9112 §3.2: an HTTP/1.1 request without Host gets a 400. Node's own check answers with an empty body, so it is
 * turned off (`requireHostHeader: false`) and made here instead; add it before any route.
 */
export function requireHostHeader(app: FastifyInstance): void {
  app.addHook('onRequest', async (request, reply) => {
    if (request.raw.httpVersion !== '1.0' && request.headers.host === undefined) {
      reply.header('connection', 'close')
      return sendError(
        reply,
        request,
        'invalid_request',
        'An HTTP/1.1 request needs a Host header.',
      )
    }
  })
}
