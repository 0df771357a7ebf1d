// Upstream failures told apart by where they failed (Arctic's split): the network, an OAuth error body, or a
// response that is neither a success nor an OAuth error. Messages never contain tokens or codes.

/** The request did not complete: DNS, connection refused, TLS, timeout. Worth retrying. */
export class OAuthNetworkError extends Error {
  override name = 'OAuthNetworkError'
}

/** The provider answered with an RFC 6749 §5.2 error body (`invalid_grant`, `invalid_client`, ...). */
export class OAuthResponseError extends Error {
  override name = 'OAuthResponseError'
  readonly error: string
  readonly description: string | null
  readonly status: number

  constructor(error: string, description: string | null, status: number) {
    super(`provider answered ${status} ${error}${description ? `: ${description}` : ''}`)
    this.error = error
    this.description = description
    this.status = status
  }

  /** RFC 6749 §4.1.2.1: the provider itself says to try again later. */
  get transient(): boolean {
    return (
      this.error === 'temporarily_unavailable' ||
      this.error === 'server_error' ||
      this.status >= 500
    )
  }
}

/** Neither a success nor an OAuth error: HTML error page, 5xx without a body, missing access_token, a redirect. */
export class OAuthUnexpectedResponseError extends Error {
  override name = 'OAuthUnexpectedResponseError'
  readonly status: number

  constructor(message: string, status: number) {
    super(`${message} (HTTP ${status})`)
    this.status = status
  }
}

/**
 * The authorization response (the callback) carries an error or fails a check: `error=access_denied`,
 * an `iss` that is not the provider's (RFC 9207), no code. `error` is the provider's code or our own reason.
 */
export class AuthorizationResponseError extends Error {
  override name = 'AuthorizationResponseError'
  readonly error: string
  readonly description: string | null

  constructor(error: string, description: string | null) {
    super(`authorization response: ${error}${description ? `: ${description}` : ''}`)
    this.error = error
    this.description = description
  }
}
