// The minting half of the refresher: a new token from the stored client secret or key (client credentials, JWT
// bearer, GitHub App, AWS STS; src/auth-schemes) and what it stores. The single flight, the backoff and the write are
// refresh.ts's.
import { authScheme, CredentialRejected, type MintedToken } from '../auth-schemes/index.js'
import { sealJSON } from '../crypto/index.js'
import { nextCheckAt } from './check.js'
import type { CredentialDeps } from './deps.js'
import {
  mergedMetadata,
  type Renewal,
  type RenewalInput,
  type RenewalPlan,
} from './refresh-plan.js'
import { credentialSecretContext, type CredentialSecret } from './secret.js'

type MintedSecret = Extract<CredentialSecret, { kind: 'minted' }>

/** The provider refused the stored secret or key; anything else (network, 5xx) passes. */
const MINT_REFUSED: Renewal<MintedToken>['refusal'] = {
  is: (error) => error instanceof CredentialRejected,
  metric: 'rejected',
  reason: 'mint_rejected',
}

export async function planMint(
  deps: CredentialDeps,
  { row, secret, app, now }: RenewalInput<MintedSecret>,
): Promise<RenewalPlan> {
  const scheme = authScheme(app.authType)
  const mint = scheme.mint?.bind(scheme)
  if (!mint) return { settle: 'fail', reason: `${app.name} does not mint tokens` }
  const renewal: Renewal<MintedToken> = {
    ask: () => mint({ app, values: secret.fields, fetch: deps.fetch, now: deps.now }),
    refusal: MINT_REFUSED,
    saved(token) {
      const at = now.toISOString()
      const next: MintedSecret = { ...secret, token: { values: token.values, obtainedAt: at } }
      const sealed = sealJSON(deps.keyring, next, credentialSecretContext(row.workspaceId, row.id))
      const changes = {
        secretSealed: sealed,
        expiresAt: token.expiresAt,
        metadata: mergedMetadata(row, token.metadata),
        lastRefreshedAt: at,
        updatedAt: at,
        failureCount: 0,
        failingSince: null,
        // A successful mint is a successful check: the next scheduled one moves out by a full interval.
        nextCheckAt: nextCheckAt(app, now),
      }
      return { changes, next }
    },
  }
  return renewal
}
