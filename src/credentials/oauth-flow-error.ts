// Why an OAuth connection (OAuth 2.0 or OAuth 1.0a) could not finish: one error for both flows, whose reason the
// modal turns into a sentence (src/modal/strings.ts) and the flow row keeps for the modal's polling.
/** Why a flow could not finish; the modal turns each into a plain sentence (src/modal/strings.ts). */
export const OAUTH_FLOW_FAILURES = [
  'missing_state',
  'unknown_state',
  'used_state',
  'expired_state',
  'other_browser',
  'wrong_app',
  'access_denied',
  'provider_error',
  'issuer_mismatch',
  'client_not_configured',
  'exchange_failed',
  'provider_unreachable',
  'credential_gone',
] as const
export type OAuthFlowFailure = (typeof OAUTH_FLOW_FAILURES)[number]

export class OAuthFlowError extends Error {
  override name = 'OAuthFlowError'
  constructor(
    readonly reason: OAuthFlowFailure,
    options: { cause?: unknown } = {},
  ) {
    super(`OAuth flow failed: ${reason}`, options)
  }
}
