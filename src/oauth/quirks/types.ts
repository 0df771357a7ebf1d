/**
 * What data cannot say about a provider. Every hook is optional; a provider without quirks is plain RFC 6749.
 * A quirk is small and names the provider behaviour it exists for.
 */
export interface Quirk {
  /**
   * Rewrites a parsed token-endpoint body into RFC 6749 §5.1/§5.2 shape before it is read: success fields at the
   * top level, or `{error, error_description}`. `status` may be changed too (an error sent with HTTP 200).
   */
  normalizeTokenResponse?(
    body: Record<string, unknown>,
    status: number,
  ): { body: Record<string, unknown>; status: number }
}
