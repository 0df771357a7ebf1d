import type { App, AuthType } from '../catalog/index.js'
import { awsSigV4 } from './aws-sigv4/index.js'
import { clientCredentials } from './client-credentials.js'
import { gitHubApp } from './github-app.js'
import { jwtBearer } from './jwt-bearer.js'
import { oauth1Scheme } from './oauth1/scheme.js'
import type { AuthScheme } from './types.js'

/** Types with no behaviour of their own: the typed values are the credential (api_key, basic, custom). */
const PLAIN: AuthScheme = Object.freeze({})

/**
 * Recipe type → scheme. OAuth 2.0 authorization code keeps its flow in src/oauth and src/credentials/oauth-flow.ts;
 * request-signing schemes (oauth1, aws_sigv4) register here with `sign`.
 */
const SCHEMES: Readonly<Partial<Record<AuthType, AuthScheme>>> = {
  client_credentials: clientCredentials,
  jwt_bearer: jwtBearer,
  github_app: gitHubApp,
  aws_sigv4: awsSigV4,
  oauth1: oauth1Scheme,
  oauth1_token: oauth1Scheme,
}

export function authScheme(type: string): AuthScheme {
  return SCHEMES[type as AuthType] ?? PLAIN
}

/** Whether a credential of `app` with these typed values mints tokens (a minting recipe; AWS with a role). */
export function credentialMints(app: App, values: Readonly<Record<string, string>>): boolean {
  const scheme = authScheme(app.authType)
  if (!scheme.mint) return false
  return scheme.mints ? scheme.mints(values) : true
}

/** The types whose credentials mint tokens (their expires_at is the cached token's, not the credential's end). */
export function mintingTypes(): string[] {
  return Object.entries(SCHEMES)
    .filter(([, scheme]) => scheme.mint !== undefined)
    .map(([type]) => type)
}
