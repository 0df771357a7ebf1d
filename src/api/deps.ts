import type { CredentialDeps, EnsureFresh } from '../credentials/index.js'
import type { Authenticate } from './api-key-auth.js'

/** Everything the HTTP layer needs; main.ts (or a test) builds it. */
export interface ApiDeps extends CredentialDeps {
  authenticate: Authenticate
  publicURL: string
  ensureFresh?: EnsureFresh
  /** Readiness probe: resolves when the database answers. */
  ping: () => Promise<void>
}
