import type { CredentialRow, UserRow } from '../store/index.js'

/** The identification every credential event carries: what a platform needs to find and ask the user. */
export function credentialEventData(
  credential: Pick<CredentialRow, 'id' | 'name' | 'app'>,
  user: Pick<UserRow, 'id' | 'email'>,
): {
  userId: string
  userEmail: string | null
  credentialId: string
  credentialName: string
  app: string
} {
  return {
    userId: user.id,
    userEmail: user.email,
    credentialId: credential.id,
    credentialName: credential.name,
    app: credential.app,
  }
}
