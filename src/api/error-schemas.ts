// The one error envelope and the error answers routes declare with it: the shared Error component, a route's own
// description of a status, and the answers every authenticated route shares (components.responses).
import { Type, type Static, type TUnsafe } from '@sinclair/typebox'
import { ERROR_CODES } from '../errors.js'
import { sharedResponse } from './openapi-components.js'
import { StringEnum } from './string-enum.js'

/** The Error component (app.ts adds it as a shared schema); routes refer to it with errorResponse(). */
export const ErrorEnvelope = Type.Object(
  {
    error: Type.Object({
      code: StringEnum(ERROR_CODES, { description: 'What went wrong, for programs.' }),
      message: Type.String({ description: 'What went wrong, for people; safe to show.' }),
      requestId: Type.String({ description: 'Quote it to support; also in X-Request-Id.' }),
      fields: Type.Optional(
        Type.Array(Type.Object({ field: Type.String(), message: Type.String() }), {
          description: 'invalid_request and invalid_credential_data: each field at fault.',
        }),
      ),
    }),
  },
  { $id: 'Error', description: 'The one shape of every error answer.' },
)

/**
 * An error answer for the OpenAPI document and the serializer: the shared Error component (never an inlined copy)
 * with what this status means for this route, e.g. `409: errorResponse('credential_expired: …')`.
 */
export function errorResponse(description: string): TUnsafe<Static<typeof ErrorEnvelope>> {
  return Type.Unsafe<Static<typeof ErrorEnvelope>>({ $ref: 'Error#', description })
}

/** A 429: the Error component and the Retry-After header it carries. */
export function rateLimitedResponse(description: string): TUnsafe<Static<typeof ErrorEnvelope>> {
  return Type.Unsafe<Static<typeof ErrorEnvelope>>({
    $ref: 'Error#',
    description,
    headers: {
      'Retry-After': Type.Integer({ minimum: 1, description: 'Seconds to wait before retrying.' }),
    },
  })
}

/** An error answer described only by its code; prefer errorResponse('what this status means here'). */
export const ErrorBody = errorResponse('An error: error.code says which.')

/** The error responses every authenticated route can give: components.responses in the OpenAPI document. */
export const errorResponses = {
  400: sharedResponse(
    'InvalidRequest',
    errorResponse(
      'invalid_request: the body, query string or a path parameter is invalid; error.fields names each one.',
    ),
  ),
  401: sharedResponse(
    'Unauthorized',
    errorResponse('unauthorized: no API key (or console session), or one that is not valid.'),
  ),
  403: sharedResponse(
    'ConsoleForbidden',
    errorResponse(
      'Console sessions only: csrf_failed, not_allowed_for_console, forbidden_for_role (README, Console).',
    ),
  ),
  404: sharedResponse(
    'NotFound',
    errorResponse(
      'Not found in this workspace (an id of another workspace included), e.g. user_not_found.',
    ),
  ),
  429: sharedResponse(
    'RateLimited',
    rateLimitedResponse(
      "rate_limited: over the workspace's requests per second (KEYPORT_RATE_LIMIT).",
    ),
  ),
  default: sharedResponse(
    'UnexpectedError',
    errorResponse(
      'Any other error, in the same envelope: 413 payload_too_large, 415 unsupported_media_type, ' +
        '500 internal_error (quote requestId), 503 while the node stops.',
    ),
  ),
} as const
