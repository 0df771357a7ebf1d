import type { SealContext } from '../crypto/index.js'

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

export function credentialSecretContext(workspaceId: string, credentialId: string): SealContext {
  return { workspaceId, table: 'credential', rowId: credentialId, column: 'secret_sealed' }
}
