import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { AppError, type ErrorCode, type FieldProblem } from '../errors.js'

export function sendError(
  reply: FastifyReply,
  request: FastifyRequest,
  code: ErrorCode,
  message: string,
  fields?: FieldProblem[],
): FastifyReply {
  const error = new AppError(code, message)
  return reply
    .code(error.statusCode)
    .type('application/json; charset=utf-8')
    .header('x-content-type-options', 'nosniff')
    .send({ error: { code, message, requestId: request.id, ...(fields ? { fields } : {}) } })
}

/** Field paths from Ajv (`/data/apiKey`, `body must have required property 'x'`) as people write them. */
function validationProblems(error: FastifyError): FieldProblem[] {
  return (error.validation ?? []).map((v) => {
    const missing = (v.params as { missingProperty?: string; additionalProperty?: string }) ?? {}
    const path = v.instancePath.replace(/^\//, '').replaceAll('/', '.')
    const name = missing.missingProperty ?? missing.additionalProperty
    const field = [path, name].filter(Boolean).join('.') || error.validationContext || 'body'
    const message = missing.additionalProperty
      ? 'is not a known field'
      : missing.missingProperty
        ? 'is required'
        : (v.message ?? 'is invalid')
    return { field, message }
  })
}

/** One error shape everywhere; a 5xx says nothing specific and its cause goes only to the log. */
export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | AppError, request, reply) => {
    if (error instanceof AppError) {
      if (error.statusCode >= 500)
        request.log.error({ err: error.cause ?? error, code: error.code }, 'request failed')
      return sendError(reply, request, error.code, error.message, error.fields)
    }
    if (error.validation) {
      const fields = validationProblems(error)
      const where = error.validationContext ?? 'request'
      return sendError(
        reply,
        request,
        'invalid_request',
        `Invalid ${where}: ${fields.map((f) => `${f.field} ${f.message}`).join('; ')}`,
        fields,
      )
    }
    if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      return sendError(reply, request, 'payload_too_large', 'The request body is larger than 1 MB.')
    }
    if (error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
      return sendError(
        reply,
        request,
        'unsupported_media_type',
        'Send the request body as application/json.',
      )
    }
    if (typeof error.code === 'string' && /^22[0-9A-Z]{3}$/.test(error.code)) {
      // PostgreSQL "data exception" (a NUL byte in a query parameter, a value out of range): the input's fault.
      return sendError(
        reply,
        request,
        'invalid_request',
        'The request contains a value that cannot be stored.',
      )
    }
    const status = error.statusCode ?? 500
    if (status >= 400 && status < 500) {
      // Malformed JSON, empty JSON body and the like: the client's fault, with a safe generic message.
      const message =
        error instanceof SyntaxError || error.code === 'FST_ERR_CTP_INVALID_JSON_BODY'
          ? 'The request body is not valid JSON.'
          : error.code === 'FST_ERR_CTP_EMPTY_JSON_BODY'
            ? 'The request body is empty although Content-Type is application/json.'
            : 'The request is malformed.'
      return sendError(reply, request, 'invalid_request', message)
    }
    request.log.error({ err: error }, 'unhandled error')
    return sendError(
      reply,
      request,
      'internal_error',
      'Something went wrong on our side. Quote the requestId if you contact support.',
    )
  })

  app.setNotFoundHandler((request, reply) =>
    sendError(
      reply,
      request,
      'not_found',
      // At most 100 characters of the path: the message must not mirror an arbitrarily long URL.
      `No route ${request.method} ${truncate(request.url.split('?')[0]!, 100)}.`,
    ),
  )
}

function truncate(text: string, length: number): string {
  return text.length > length ? `${text.slice(0, length)}…` : text
}
