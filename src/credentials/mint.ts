import type { App } from '../catalog/index.js'
import { authScheme, CredentialRejected, type MintedToken } from '../auth-schemes/index.js'
import { AppError } from '../errors.js'
import { outboundRefusal } from '../net/index.js'
import { OAuthResponseError } from '../oauth/index.js'
import { nextCheckAt } from './check.js'
import type { NewCredentialParts } from './create.js'
import { refusedHost, requireVerified } from './create.js'
import type { CredentialDeps } from './deps.js'
import { publicFieldValues } from './fields.js'

type StoredParts = Pick<NewCredentialParts, 'secret' | 'metadata' | 'expiresAt' | 'nextCheckAt'>

/**
 * The parts of a new (or reconnected) minting credential from checked values: the scheme prepares them (parses
 * the private key: 422 naming the field), a first token is minted (the provider refusing it: 422
 * credential_verification_failed; not reachable: 502 verification_unavailable), then the app's verification runs
 * with that token. With `skipVerification` nothing is asked of the provider: the first secret read mints.
 */
export async function mintedCredentialParts(
  deps: CredentialDeps,
  app: App,
  typed: Readonly<Record<string, string>>,
  options: { skipVerification?: boolean } = {},
): Promise<StoredParts> {
  const scheme = authScheme(app.authType)
  const values = scheme.prepare ? scheme.prepare(app, typed) : { ...typed }
  const now = deps.now()
  const base = {
    metadata: publicFieldValues(app, typed),
    nextCheckAt: nextCheckAt(app, now),
  }
  if (options.skipVerification)
    return { ...base, secret: { kind: 'minted', fields: values, token: null }, expiresAt: null }
  const token = await mintFirst(deps, app, values)
  await requireVerified(deps, app, { ...values, ...stringValues(token.metadata), ...token.values })
  return {
    ...base,
    metadata: { ...base.metadata, ...token.metadata },
    secret: {
      kind: 'minted',
      fields: values,
      token: { values: token.values, obtainedAt: now.toISOString() },
    },
    expiresAt: token.expiresAt,
  }
}

async function mintFirst(
  deps: CredentialDeps,
  app: App,
  values: Readonly<Record<string, string>>,
): Promise<MintedToken> {
  const mint = authScheme(app.authType).mint
  if (!mint) throw new Error(`${app.id}: its scheme does not mint tokens`)
  try {
    return await mint({ app, values, fetch: deps.fetch, now: deps.now })
  } catch (error) {
    if (error instanceof CredentialRejected)
      throw new AppError(
        'credential_verification_failed',
        `${app.name} refused these credentials (${error.reason}).`,
      )
    if (outboundRefusal(error)) throw refusedHost(app, mintURL(app))
    const said =
      error instanceof OAuthResponseError ? `answered ${error.error}` : 'could not be reached'
    throw new AppError(
      'verification_unavailable',
      `Could not get a token: ${app.name} ${said}. Nothing was saved; try again later.`,
      { cause: error },
    )
  }
}

/** Where the scheme mints: the token URL, or for AWS the STS endpoint (for naming a refused typed host). */
function mintURL(app: App): string {
  if (app.minted) return app.minted.tokenURL
  return app.auth.type === 'aws_sigv4' ? (app.auth.assumeRole?.endpoint ?? '') : ''
}

function stringValues(metadata: MintedToken['metadata']): Record<string, string> {
  return Object.fromEntries(Object.entries(metadata).map(([k, v]) => [k, String(v)]))
}
