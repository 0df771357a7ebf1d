// GitHub App installation tokens: a JWT signed with the app's private key (RS256, iss = the app id, iat 60 s in
// the past against clock drift, exp within GitHub's 10-minute limit) buys a one-hour installation access token.
// The app JWT goes to the installation-token endpoint only; what is cached and handed out is the installation token.
import { SignJWT } from 'jose'
import { AppError } from '../errors.js'
import { fillJSONTemplate } from '../catalog/index.js'
import { CredentialRejected } from './errors.js'
import { BEARER, fill, recipeOf } from './oauth-token.js'
import { fieldRefused, readPrivateKey } from './private-key.js'
import type { AuthScheme } from './types.js'

const TIMEOUT_MS = 15_000
/** GitHub refuses an app JWT whose exp is more than 10 minutes after iat; 9 leaves room for clock drift. */
const APP_JWT_SECONDS = 9 * 60

export const gitHubApp: AuthScheme = {
  defaultProxyHeaders: BEARER,
  prepare(app, typed) {
    if (!readPrivateKey(typed.privateKey ?? '', 'RS256')) {
      const field = app.fields.find((f) => f.name === 'privateKey')!
      throw fieldRefused(
        field,
        'must be the private key (.pem) generated in the GitHub App settings, not a public key',
      )
    }
    return { ...typed }
  },
  async mint({ app, values, fetch, now }) {
    const recipe = recipeOf(app, 'github_app')
    const key = readPrivateKey(values.privateKey ?? '', 'RS256')
    if (!key)
      throw new AppError('invalid_credential_data', `The stored ${app.name} key cannot be read.`)
    const issuedAt = Math.floor(now().getTime() / 1000) - 60
    const appJWT = await new SignJWT({})
      .setProtectedHeader({ alg: 'RS256', typ: 'JWT' })
      .setIssuer(values.appId ?? '')
      .setIssuedAt(issuedAt)
      .setExpirationTime(issuedAt + APP_JWT_SECONDS)
      .sign(key)
    const body =
      recipe.tokenBody === undefined
        ? undefined
        : JSON.stringify(fillJSONTemplate(recipe.tokenBody, values))
    const response = await fetch(fill(recipe.tokenURL, values, { encode: true }), {
      method: 'POST',
      headers: {
        accept: 'application/vnd.github+json',
        authorization: `Bearer ${appJWT}`,
        'user-agent': 'Keyport',
        'x-github-api-version': '2022-11-28',
        ...(body ? { 'content-type': 'application/json' } : {}),
      },
      ...(body ? { body } : {}),
      redirect: 'manual',
      signal: AbortSignal.timeout(TIMEOUT_MS),
    })
    const json = (await response.json().catch(() => null)) as {
      token?: unknown
      expires_at?: unknown
    } | null
    if (response.status === 201 && typeof json?.token === 'string' && json.token !== '') {
      const expires = typeof json.expires_at === 'string' ? Date.parse(json.expires_at) : Number.NaN
      return {
        values: { accessToken: json.token, tokenType: 'Bearer' },
        // Documented as one hour when the answer has no usable expires_at.
        expiresAt: new Date(
          Number.isNaN(expires) ? now().getTime() + 3_600_000 : expires,
        ).toISOString(),
        metadata: {},
      }
    }
    throw refusal(response)
  },
}

/**
 * 401: the app JWT was refused (a deleted key, a wrong app id); 404: no such installation (the app was
 * uninstalled); 403 without rate-limit signs: the installation is suspended. Those refuse the credential. A 403 that
 * is a rate limit, 5xx and anything else are transient.
 */
function refusal(response: Response): Error {
  const limited =
    response.headers.get('x-ratelimit-remaining') === '0' || response.headers.has('retry-after')
  if (response.status === 401 || response.status === 404 || (response.status === 403 && !limited))
    return new CredentialRejected(`HTTP ${response.status}`)
  return new Error(`GitHub answered ${response.status} to the installation-token request`)
}
