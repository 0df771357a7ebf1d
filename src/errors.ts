// One error type for everything a client can be told. The code decides the HTTP status;
// the message is safe to show; `cause` is logged, never rendered.

const STATUS = {
  invalid_request: 400,
  invalid_proxy_path: 400,
  unauthorized: 401,
  forbidden: 403,
  csrf_failed: 403,
  not_allowed_for_console: 403,
  forbidden_for_role: 403,
  invalid_sign_in_link: 401,
  user_not_found: 404,
  credential_not_found: 404,
  app_not_found: 404,
  oauth_client_not_found: 404,
  webhook_not_found: 404,
  delivery_not_found: 404,
  agent_token_not_found: 404,
  not_found: 404,
  console_user_not_found: 404,
  api_key_not_found: 404,
  request_timeout: 408,
  username_taken: 409,
  console_user_exists: 409,
  last_admin: 409,
  request_in_progress: 409,
  credential_expired: 409,
  method_not_allowed: 405,
  payload_too_large: 413,
  uri_too_long: 414,
  unsupported_media_type: 415,
  oauth_app_requires_modal: 422,
  not_oauth_app: 422,
  invalid_credential_data: 422,
  credential_verification_failed: 422,
  unknown_app: 422,
  app_not_allowed: 422,
  oauth_client_not_configured: 422,
  invalid_webhook_url: 422,
  app_not_proxyable: 422,
  idempotency_key_reused: 422,
  proxy_host_not_allowed: 422,
  rate_limited: 429,
  headers_too_large: 431,
  internal_error: 500,
  verification_unavailable: 502,
  upstream_unavailable: 502,
  upstream_unreachable: 502,
  not_ready: 503,
  upstream_timeout: 504,
} as const

export type ErrorCode = keyof typeof STATUS

/** Every code an error answer can carry (the OpenAPI document's enum for error.code). */
export const ERROR_CODES = Object.keys(STATUS) as ErrorCode[]

export interface FieldProblem {
  field: string
  message: string
}

export class AppError extends Error {
  override name = 'AppError'
  readonly code: ErrorCode
  /** Per-field problems for invalid_request / invalid_credential_data; never contains values. */
  readonly fields: FieldProblem[] | undefined

  constructor(
    code: ErrorCode,
    message: string,
    options: { cause?: unknown; fields?: FieldProblem[] } = {},
  ) {
    super(message, { cause: options.cause })
    this.code = code
    this.fields = options.fields
  }

  get statusCode(): number {
    return STATUS[this.code]
  }
}

export function statusOf(code: ErrorCode): number {
  return STATUS[code]
}
