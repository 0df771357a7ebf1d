import type { App } from '../catalog/index.js'
import { authScheme } from '../auth-schemes/index.js'
import type { CredentialDeps } from './deps.js'
import type { VerificationRequest } from './verify.js'

/** Headers that sign a built verification request, for apps whose scheme signs every request. */
export type VerificationSigner = (request: VerificationRequest) => Promise<Record<string, string>>

/**
 * The app's scheme signing its verification (AWS SigV4's GetCallerIdentity, OAuth 1.0a's "current user"), with the
 * same values a proxied request would be signed with; undefined for schemes that sign nothing.
 */
export function verificationSigner(
  deps: Pick<CredentialDeps, 'fetch' | 'now'>,
  app: App,
  values: Readonly<Record<string, string>>,
): VerificationSigner | undefined {
  const scheme = authScheme(app.authType)
  if (!scheme.sign) return undefined
  return ({ url, init }) =>
    scheme.sign!(
      {
        method: init.method ?? 'GET',
        url: new URL(url),
        headers: init.headers,
        body: init.body === undefined || init.body === null ? null : Buffer.from(String(init.body)),
        purpose: 'verification',
      },
      { app, values, fetch: deps.fetch, now: deps.now },
    )
}
