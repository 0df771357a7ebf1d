// Fixtures made through the API, as a platform makes them: a user and an API-key credential of theirs.
import type { Harness } from './harness.js'

export interface UserCredential {
  userId: string
  credentialId: string
}

/**
 * Creates a user and one credential of an API-key app. `skipVerification` for an app whose verification request
 * would go out to the provider (Stripe), so the test stays offline.
 */
export async function createUserCredential(
  h: Pick<Harness, 'request'>,
  options: {
    username: string
    email?: string
    app: string
    data: Record<string, string>
    skipVerification?: boolean
  },
): Promise<UserCredential> {
  const { username, email, app, data, skipVerification } = options
  const user = await h.request('POST', '/v1/users', {
    body: { username, ...(email ? { email } : {}) },
  })
  if (user.statusCode !== 201) throw new Error(`POST /v1/users answered ${user.statusCode}`)
  const { userId } = user.json()
  const credential = await h.request('POST', '/v1/credentials', {
    body: { userId, app, data, ...(skipVerification ? { skipVerification } : {}) },
  })
  if (credential.statusCode !== 201)
    throw new Error(`POST /v1/credentials answered ${credential.statusCode}: ${credential.body}`)
  return { userId, credentialId: credential.json().credentialId }
}
