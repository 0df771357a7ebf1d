// Whom an OAuth 1.0a provider's refusal blames, so that a check expires a credential only for what is the user's.
// A three-legged app's consumer key and secret are the workspace's (its OAuth client, like an OAuth 2.0 client
// secret): a refused consumer is the workspace's configuration, never the user's grant, so the credential stays
// active and the check reports it, as invalid_client on an OAuth 2.0 refresh does. A token-based (TBA) credential's
// consumer is typed in with its token: refused, the credential is what is wrong. A refused timestamp or nonce is how
// Keyport signed, whoever's values they were.
import type { App } from '../catalog/index.js'
import { oauthProblem, problemSource } from '../auth-schemes/oauth1/index.js'
import type { CredentialSecret } from './secret.js'

/** How a check reads why an app refused: OAuth 1.0a names its problem; other schemes say no more than the status. */
export function refusalReader(app: App): typeof oauthProblem | undefined {
  return app.authType === 'oauth1' || app.authType === 'oauth1_token' ? oauthProblem : undefined
}

/** The check's reason when the refusal is not the credential's (nothing expires); null when it is. */
export function refusalNotTheCredential(
  app: App,
  secret: CredentialSecret,
  problem: string | null,
): string | null {
  const source = problemSource(problem)
  if (source === 'request')
    return `${app.name} refused the signed request (${problem}); the user's credential was not judged`
  if (source === 'client' && secret.kind === 'oauth1')
    return (
      `${app.name} refused this workspace's OAuth client (${problem}): check the consumer key and secret ` +
      `(PUT /v1/apps/${app.id}/oauth-client); the user's credential was not judged`
    )
  return null
}
