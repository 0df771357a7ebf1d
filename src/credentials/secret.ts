import type { SealContext } from '../crypto/index.js'
import { SEALED, sealContextOf } from '../store/index.js'

/** What a credential's sealed column holds. The refresh token never leaves Keyport. */
export type CredentialSecret =
  | { kind: 'fields'; fields: Record<string, string> }
  | {
      kind: 'oauth2'
      accessToken: string
      tokenType: string
      refreshToken: string | null
      scope: string | null
      idToken: string | null
      /** Connection fields typed before the redirect ({shop}), needed again to refresh. */
      connection: Record<string, string>
      /**
       * When Keyport got this access token (connect, reconnect or refresh), for providers that extend a token only
       * once it is old enough (Instagram: 24 h). Absent for imported tokens and secrets sealed before it existed.
       */
      obtainedAt?: string
    }
  | {
      /**
       * Client credentials, JWT bearer, GitHub App (src/auth-schemes): the long-lived values the user typed (with a
       * key file's members), which never leave Keyport, and the last token minted from them (its expiry is the
       * row's expires_at). Null until the first mint.
       */
      kind: 'minted'
      fields: Record<string, string>
      token: { values: Record<string, string>; obtainedAt: string } | null
    }
  | {
      /**
       * Three-legged OAuth 1.0a (RFC 5849 §2): the token credentials and the consumer key they were issued to. The
       * consumer secret is not copied here: it stays in the workspace's OAuth client, read when a request is signed.
       */
      kind: 'oauth1'
      consumerKey: string
      token: string
      tokenSecret: string
      /** Connection fields typed before the redirect, filling `{field}` in the API's base URL and the realm. */
      connection: Record<string, string>
      obtainedAt: string
    }

export function credentialSecretContext(workspaceId: string, credentialId: string): SealContext {
  return sealContextOf(SEALED.credentialSecret, workspaceId, credentialId)
}

/**
 * The values a catalog template may use with this credential, as the verification sees them: the typed fields (key
 * apps), or for OAuth apps the connection fields, callback and token-response metadata (stored flat in the
 * credential's metadata) and the access token. Never the refresh token.
 */
export function credentialTemplateValues(
  secret: CredentialSecret,
  metadata: Readonly<Record<string, unknown>>,
): Record<string, string> {
  if (secret.kind === 'fields') return { ...secret.fields }
  if (secret.kind === 'minted')
    return { ...flatMetadata(metadata), ...secret.fields, ...secret.token?.values }
  // What OAuth 1.0a signing reads by name; the loader lets no template of a three-legged app name them.
  if (secret.kind === 'oauth1')
    return {
      ...flatMetadata(metadata),
      ...secret.connection,
      consumerKey: secret.consumerKey,
      token: secret.token,
      tokenSecret: secret.tokenSecret,
    }
  return { ...flatMetadata(metadata), ...secret.connection, accessToken: secret.accessToken }
}

/** The scalar metadata values (callback and token-response metadata are stored flat). */
function flatMetadata(metadata: Readonly<Record<string, unknown>>): Record<string, string> {
  const values: Record<string, string> = {}
  for (const [k, v] of Object.entries(metadata))
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean')
      values[k] = String(v)
  return values
}

/**
 * The bearer token a secret hands out, and when Keyport got it: an OAuth access token or a minted token (null for
 * typed fields, and for a minted credential before its first mint or whose scheme mints no `accessToken`).
 */
export function currentAccessToken(
  secret: CredentialSecret,
): { accessToken: string; obtainedAt: string | null } | null {
  if (secret.kind === 'oauth2')
    return { accessToken: secret.accessToken, obtainedAt: secret.obtainedAt ?? null }
  const token = secret.kind === 'minted' ? secret.token : null
  const accessToken = token?.values.accessToken
  return token && accessToken !== undefined ? { accessToken, obtainedAt: token.obtainedAt } : null
}
