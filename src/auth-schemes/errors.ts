/**
 * The provider refused the credential itself (a revoked client secret, a deleted key, an uninstalled app): no retry
 * will help, so the credential expires. Every other failure of a scheme is transient. `reason` names what the
 * provider said (an OAuth error code, an HTTP status), never a value.
 */
export class CredentialRejected extends Error {
  override name = 'CredentialRejected'
  readonly reason: string

  constructor(reason: string, options?: { cause?: unknown }) {
    super(`the provider rejected the credential: ${reason}`, options)
    this.reason = reason
  }
}
