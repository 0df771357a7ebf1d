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
    }

export function credentialSecretContext(workspaceId: string, credentialId: string): SealContext {
  return { workspaceId, table: 'credential', rowId: credentialId, column: 'secret_sealed' }
}
