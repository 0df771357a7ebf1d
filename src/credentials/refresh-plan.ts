// What renewing one credential's token asks of the single-flight refresher (refresh.ts). Each way of renewing (the
// OAuth 2.0 refresh in refresh-oauth2.ts, a scheme's mint in refresh-mint.ts) turns a locked row into a plan; the
// refresher carries it out: the provider call, telling a refused credential from a passing failure, the backoff and
// the version-checked write. A plan never writes the row itself.
import type { App } from '../catalog/index.js'
import type { RefreshResult } from '../metrics/index.js'
import type { CredentialRow, DB } from '../store/index.js'
import type { ExpiryReason } from './expire.js'
import type { CredentialDeps } from './deps.js'
import type { CredentialSecret } from './secret.js'

/** A renewal decided without asking the provider. */
export type Settled =
  /** Hand out the stored token as it is. */
  | { settle: 'fresh' }
  /** The credential cannot be renewed any more. */
  | { settle: 'expire'; reason: ExpiryReason }
  /** A failure that may pass (counted, backed off). */
  | { settle: 'fail'; reason: string }

/** One question to the provider and what each of its endings does. */
export interface Renewal<Answer> {
  ask(): Promise<Answer>
  /** The failure that refuses the credential itself: it expires. Any other failure is transient. */
  refusal: { is(error: unknown): boolean; metric: RefreshResult; reason: ExpiryReason }
  /** The row's changes and the new secret, from the provider's answer. */
  saved(answer: Answer): { changes: Partial<CredentialRow>; next: CredentialSecret }
}

export type RenewalPlan = Settled | Renewal<unknown>

/** The row under the single flight: `db` is the locking transaction on PostgreSQL. */
export interface RenewalInput<Secret extends CredentialSecret> {
  db: DB
  row: CredentialRow
  secret: Secret
  app: App
  now: Date
}

/** How one kind of secret is renewed (refresh-oauth2.ts, refresh-mint.ts). */
export type Planner<Secret extends CredentialSecret> = (
  deps: CredentialDeps,
  input: RenewalInput<Secret>,
) => Promise<RenewalPlan>

/** The row's metadata with what the provider's answer adds (token-response fields, a minted token's extras). */
export function mergedMetadata(
  row: Pick<CredentialRow, 'metadata'>,
  added: Readonly<Record<string, unknown>>,
): string {
  return Object.keys(added).length
    ? JSON.stringify({ ...(JSON.parse(row.metadata) as object), ...added })
    : row.metadata
}
