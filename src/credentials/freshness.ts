// When a credential's token is still good enough to hand out, and how long before its expiry Keyport renews it.
import type { App } from '../catalog/index.js'
import type { CredentialRow } from '../store/index.js'
import type { CredentialSecret } from './secret.js'

/** Refresh this long before the access token expires unless the app says otherwise. */
export const DEFAULT_REFRESH_MARGIN_SECONDS = 300

/** How long before expiry a token is renewed: the recipe's margin, else the default. */
export function refreshMarginSeconds(app: App | null | undefined): number {
  return (
    app?.oauth?.refresh.marginSeconds ??
    app?.minted?.marginSeconds ??
    DEFAULT_REFRESH_MARGIN_SECONDS
  )
}

/** True while the secret holds a token good for longer than the margin (typed fields always are). */
export function hasFreshToken(
  row: Pick<CredentialRow, 'expiresAt'>,
  secret: CredentialSecret,
  marginSeconds: number,
  now: Date,
): boolean {
  if (secret.kind === 'fields') return true
  if (secret.kind === 'minted' && secret.token === null) return false
  return isFresh(row, marginSeconds, now)
}

/** True while the access token is good for longer than the margin (or has no known expiry). */
export function isFresh(
  row: Pick<CredentialRow, 'expiresAt'>,
  marginSeconds: number,
  now: Date,
): boolean {
  return row.expiresAt === null || Date.parse(row.expiresAt) - now.getTime() > marginSeconds * 1000
}
