// OAuth 2.0 client credentials (RFC 6749 §4.4): the user's client id and secret, sent with the recipe's client
// authentication method, buy an access token for the app itself (Microsoft Graph app-only, Zoom Server-to-Server).
import {
  BEARER,
  fill,
  filledParams,
  mintAtTokenEndpoint,
  recipeOf,
  scopeString,
} from './oauth-token.js'
import type { AuthScheme } from './types.js'

export const clientCredentials: AuthScheme = {
  defaultProxyHeaders: BEARER,
  mint({ app, values, fetch, now }) {
    const recipe = recipeOf(app, 'client_credentials')
    const scope = scopeString(recipe, values)
    return mintAtTokenEndpoint({
      tokenURL: fill(recipe.tokenURL, values, { encode: true }),
      grantType: recipe.grantType ?? 'client_credentials',
      parameters: { ...filledParams(recipe.tokenParams, values), ...(scope ? { scope } : {}) },
      clientAuth: {
        method: recipe.tokenEndpointAuthMethod,
        clientId: values.clientId ?? '',
        clientSecret: values.clientSecret ?? '',
      },
      response: recipe,
      fetch,
      now,
    })
  },
}
