// OAuth 1.0a behind the auth-scheme interface: every proxied (and verification) request gets a fresh
// `Authorization: OAuth …` header (new nonce and timestamp on every send, retries included). The values are the
// client credentials (`consumerKey`, `consumerSecret`) and token credentials (`token`, `tokenSecret`), plus what the
// realm template names. A form-encoded body is part of the signature (RFC 5849 §3.4.1.3.1), so the proxy holds it.
import { fillTemplate, type App } from '../../catalog/index.js'
import { AppError } from '../../errors.js'
import type { AuthScheme, SigningRequest } from '../types.js'
import { authorizationHeader } from './sign-request.js'

const FORM = 'application/x-www-form-urlencoded'

/** True when the request's Content-Type is form-encoded (parameters and case ignored). */
export function isFormEncoded(
  headers: Readonly<Record<string, string | string[] | undefined>>,
): boolean {
  const value = headers['content-type']
  const type = (Array.isArray(value) ? value[0] : value) ?? ''
  return type.split(';')[0]!.trim().toLowerCase() === FORM
}

function recipeOf(app: App) {
  const auth = app.auth
  if (auth.type !== 'oauth1' && auth.type !== 'oauth1_token')
    throw new Error(`${app.id} is not an OAuth 1.0a app`)
  return auth
}

export const oauth1Scheme: AuthScheme = {
  bodyForSigning: (_app, headers) => (isFormEncoded(headers) ? 'whole' : 'none'),
  async sign(request, context) {
    const recipe = recipeOf(context.app)
    const v = context.values
    let formBody: string | null = null
    if (isFormEncoded(request.headers)) {
      if (!Buffer.isBuffer(request.body))
        throw new AppError(
          'invalid_request',
          'A form-encoded body sent to an OAuth 1.0a app is signed, so it needs a Content-Length.',
        )
      formBody = request.body.toString('utf8')
    }
    const header = authorizationHeader(
      {
        consumerKey: v.consumerKey ?? '',
        consumerSecret: v.consumerSecret ?? '',
        token: v.token ?? null,
        tokenSecret: v.tokenSecret ?? null,
      },
      { method: request.method, url: request.url, formBody },
      {
        signatureMethod: recipe.signatureMethod,
        realm: recipe.realm !== undefined ? fillTemplate(recipe.realm, v, { encode: false }) : null,
      },
    )
    return { authorization: header }
  },
}
