import { AuthorizationResponseError } from './errors.js'
import { quirkCallbackParams } from './quirks/hooks.js'
import { resolveProvider, tokenRequest } from './server.js'
import { processTokenResponse } from './token-response.js'
import type { ProviderCall, TokenResult } from './types.js'

/**
 * Checks an authorization response that Keyport has already matched to its flow (state is the caller's job:
 * it is looked up, single use, in the database) and returns the code it carries.
 * Throws AuthorizationResponseError for `error=…`, an `iss` mismatch, or a missing code.
 */
export function readAuthorizationResponse(
  call: Pick<ProviderCall, 'recipe'>,
  params: URLSearchParams,
): string {
  const iss = params.get('iss')
  // RFC 9207 §2.4: where the provider sends iss and its issuer is known, it must match (mix-up defence).
  if (iss !== null && call.recipe.issuer !== undefined && iss !== call.recipe.issuer) {
    throw new AuthorizationResponseError(
      'issuer_mismatch',
      'the response names another authorization server',
    )
  }
  const error = params.get('error')
  if (error !== null) throw new AuthorizationResponseError(error, params.get('error_description'))
  const code = params.get('code')
  if (!code)
    throw new AuthorizationResponseError(
      'missing_code',
      'the response carries no authorization code',
    )
  return code
}

/**
 * The callback parameters a recipe keeps (QuickBooks `realmId`, Zoho `accounts-server`): they join the connection
 * values, filling `{name}` in the token and revocation URLs and kept as metadata.
 */
export function callbackValues(
  recipe: ProviderCall['recipe'],
  params: URLSearchParams,
): Record<string, string> {
  const values: Record<string, string> = {}
  for (const name of quirkCallbackParams(recipe.quirks, recipe.callbackMetadata)) {
    const value = params.get(name)
    if (value === null || value.length > 2000) continue
    // The callback comes through the browser, so anyone can edit it. A URL here may become the token endpoint
    // (Zoho `accounts-server`), which receives the client secret: it must be https on the provider's own brand.
    if (/^[a-z][a-z0-9+.-]*:/i.test(value) && !sameBrand(value, recipe.authorizationURL)) {
      throw new AuthorizationResponseError(
        'invalid_callback',
        `${name} names a server of another provider`,
      )
    }
    values[name] = value
  }
  return values
}

/** `https://accounts.zoho.eu` vs `https://accounts.zoho.com/...`: https, and the same label before the suffix. */
function sameBrand(value: string, authorizationURL: string): boolean {
  let url: URL
  try {
    url = new URL(value)
  } catch {
    return false
  }
  const label = (host: string) => host.split('.').slice(-2, -1)[0] ?? ''
  const expected = label(new URL(authorizationURL.replace(/\{[^}]*\}/g, 'x')).hostname)
  return url.protocol === 'https:' && expected !== '' && label(url.hostname) === expected
}

export interface CodeExchangeInput extends ProviderCall {
  code: string
  redirectURI: string
  codeVerifier: string | null
}

/** RFC 6749 §4.1.3: exchanges the code (with the PKCE verifier) for tokens. */
export async function validateAuthorizationCode(input: CodeExchangeInput): Promise<TokenResult> {
  const provider = resolveProvider(input)
  const response = await tokenRequest(provider, 'authorization_code', {
    code: input.code,
    redirect_uri: input.redirectURI,
    ...(input.codeVerifier !== null ? { code_verifier: input.codeVerifier } : {}),
  })
  return processTokenResponse(input.recipe, response, (input.now ?? (() => new Date()))())
}
