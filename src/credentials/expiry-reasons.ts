/** Why a credential expired: `reason` in credential.expired and `expiryReason` in the credential view. */
export const EXPIRY_REASONS = {
  refresh_rejected:
    'The provider answered the refresh with invalid_grant (revoked, or a rotated refresh token was lost).',
  mint_rejected:
    'The provider refused to mint a token from the stored client secret or private key (src/auth-schemes).',
  access_token_expired: 'The access token passed its expiry and there is no refresh token.',
  verification_rejected: "The app's verification request rejected the key.",
  key_lifetime_ended: "The key's known lifetime ended.",
  reported_invalid: 'The platform reported it invalid and nothing could prove otherwise.',
  provider_unreachable:
    'The provider could not be reached (network, 5xx) for longer than the bounded failure period.',
} as const
export type ExpiryReason = keyof typeof EXPIRY_REASONS

/**
 * The stored `expired_reason` as the closed vocabulary. Only markExpired writes the column, always with an
 * ExpiryReason; anything else (a row edited by hand) reads as null rather than break the documented enum.
 */
export function expiryReasonOf(stored: string | null): ExpiryReason | null {
  return stored !== null && Object.hasOwn(EXPIRY_REASONS, stored) ? (stored as ExpiryReason) : null
}
