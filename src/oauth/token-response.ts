// Reads a token-endpoint response into a TokenResult. Lenient where providers differ harmlessly (token_type
// casing or absence, expires_in as a string, scope as an array), strict where it matters (an access token).
import type { OAuth2Recipe } from '../catalog/index.js'
import { OAuthResponseError, OAuthUnexpectedResponseError } from './errors.js'
import { quirkOf } from './quirks/index.js'
import type { TokenResult } from './types.js'
import { timestampAfter } from '../timestamps.js'

const MAX_BODY = 256 * 1024

async function readBody(response: Response): Promise<Record<string, unknown> | null> {
  const text = await response.text()
  if (text.length > MAX_BODY) return null
  const type = response.headers.get('content-type') ?? ''
  // GitHub-style form-encoded answers, when a provider ignores Accept: application/json.
  if (type.includes('application/x-www-form-urlencoded'))
    return Object.fromEntries(new URLSearchParams(text))
  try {
    const json: unknown = JSON.parse(text)
    return json !== null && typeof json === 'object' && !Array.isArray(json)
      ? (json as Record<string, unknown>)
      : null
  } catch {
    return null
  }
}

function pick(body: Record<string, unknown>, path: string): unknown {
  let value: unknown = body
  for (const part of path.split('.')) {
    if (value === null || typeof value !== 'object') return undefined
    value = (value as Record<string, unknown>)[part]
  }
  return value
}

function optionalString(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null
}

/** RFC 6749 §5.1 success or §5.2 error; anything else is an unexpected response. */
export async function processTokenResponse(
  recipe: Pick<
    OAuth2Recipe,
    'quirks' | 'scopeSeparator' | 'accessTokenLifetimeSeconds' | 'tokenResponseMetadata'
  >,
  response: Response,
  now: Date,
): Promise<TokenResult> {
  const parsed = await readBody(response)
  let status = response.status
  let body = parsed
  if (body)
    ({ body, status } = quirkOf(recipe.quirks).normalizeTokenResponse?.(body, status) ?? {
      body,
      status,
    })
  if (body && typeof body.error === 'string' && body.error !== '') {
    throw new OAuthResponseError(
      body.error,
      optionalString(body.error_description),
      status === 200 ? 400 : status,
    )
  }
  if (status !== 200 && status !== 201)
    throw new OAuthUnexpectedResponseError('token endpoint did not answer with tokens', status)
  if (!body)
    throw new OAuthUnexpectedResponseError(
      'token endpoint answered with something other than a JSON object',
      status,
    )
  const accessToken = optionalString(body.access_token)
  if (!accessToken)
    throw new OAuthUnexpectedResponseError('token response has no access_token', status)

  const expiresIn = typeof body.expires_in === 'string' ? Number(body.expires_in) : body.expires_in
  const lifetime =
    typeof expiresIn === 'number' && Number.isFinite(expiresIn) && expiresIn > 0
      ? expiresIn
      : recipe.accessTokenLifetimeSeconds
  const scope = Array.isArray(body.scope)
    ? body.scope.join(recipe.scopeSeparator ?? ' ')
    : optionalString(body.scope)
  const metadata: TokenResult['metadata'] = {}
  for (const path of recipe.tokenResponseMetadata ?? []) {
    const value = pick(body, path)
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
      metadata[path] = value
  }
  const tokenType = optionalString(body.token_type)
  return {
    accessToken,
    // RFC 6750 tokens are case-insensitive "Bearer"; some providers omit token_type altogether.
    tokenType: !tokenType || tokenType.toLowerCase() === 'bearer' ? 'Bearer' : tokenType,
    refreshToken: optionalString(body.refresh_token),
    // A provider's lifetime is capped (timestampAfter): a huge expires_in must not become an unstorable date.
    expiresAt: lifetime ? timestampAfter(now, lifetime) : null,
    scope,
    idToken: optionalString(body.id_token),
    metadata,
  }
}
