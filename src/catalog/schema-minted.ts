// Recipes for apps whose credentials mint short-lived tokens: the user's long-lived secret (a client secret, a
// private key) stays in Keyport, and what is handed out or injected is an access token minted from it, cached until
// shortly before it expires. One recipe per scheme; src/auth-schemes runs them.
import { Type } from '@sinclair/typebox'
import { Field, StringMap, Templated, Unverifiable, Verification } from './schema-parts.js'

/** What every minting recipe declares besides its own exchange. Field names each scheme needs are checked on load. */
const mintedBase = {
  fields: Type.Array(Field, { minItems: 1 }),
  /** Where tokens are minted; `{field}` placeholders are filled (URL-encoded) from the typed values. */
  tokenURL: Templated,
  /** Mint a new token this many seconds before the cached one expires; default 300. */
  marginSeconds: Type.Optional(Type.Integer({ minimum: 0, maximum: 3600 })),
  /** Seconds between scheduled checks (a forced mint, then the verification); default one day. */
  checkIntervalSeconds: Type.Optional(Type.Integer({ minimum: 300 })),
  /** Run with a freshly minted token: `{accessToken}`, the fields and `tokenResponseMetadata` names may be used. */
  verification: Type.Optional(Verification),
  unverifiable: Type.Optional(Unverifiable),
}

/** Members of recipes whose token endpoint speaks RFC 6749 §5 (client credentials, JWT bearer). */
const oauthTokenEndpoint = {
  /** May hold `{field}` placeholders (Dynamics `https://{orgHost}/.default`). */
  scopes: Type.Array(Type.String()),
  scopeSeparator: Type.Optional(Type.String()),
  /** Extra token-request parameters (Auth0 `audience`, Azure `resource`), `{field}` placeholders filled. */
  tokenParams: Type.Optional(StringMap),
  /** Access-token lifetime when the token response carries no `expires_in` but the docs state one. */
  accessTokenLifetimeSeconds: Type.Optional(Type.Integer({ minimum: 1 })),
  /** Token-response fields kept as non-secret credential metadata (Salesforce `instance_url`). */
  tokenResponseMetadata: Type.Optional(
    Type.Array(Type.String({ pattern: '^[a-zA-Z_][a-zA-Z0-9_.]*$' })),
  ),
}

/**
 * OAuth 2.0 client credentials (RFC 6749 §4.4). The fields must include `clientId` and `clientSecret`: here they are
 * the user's credential (an app registered in the user's own tenant), not the platform's OAuth client.
 */
export const ClientCredentialsRecipe = Type.Object(
  {
    type: Type.Literal('client_credentials'),
    ...mintedBase,
    ...oauthTokenEndpoint,
    tokenEndpointAuthMethod: Type.Union([
      Type.Literal('client_secret_basic'),
      Type.Literal('client_secret_post'),
    ]),
    /** `grant_type` sent; default `client_credentials` (Zoom Server-to-Server sends `account_credentials`). */
    grantType: Type.Optional(Type.String({ pattern: '^[a-zA-Z0-9_:.-]{1,100}$' })),
  },
  { additionalProperties: false },
)

/** A JSON key file the user pastes or uploads (Google service account, Box app config): its members become values. */
const KeyFile = Type.Object(
  {
    /** The field that holds the file (secret, multiline). */
    field: Type.String({ pattern: '^[a-zA-Z][a-zA-Z0-9_]{0,40}$' }),
    /**
     * Value name → dotted path in the file, e.g. `{ "privateKey": "private_key", "clientEmail": "client_email" }`.
     * The names fill placeholders like fields do; `privateKey` (and `privateKeyPassphrase`) sign the assertion.
     */
    values: Type.Record(
      Type.String({ pattern: '^[a-zA-Z][a-zA-Z0-9_]{0,40}$' }),
      Type.String({ pattern: '^[a-zA-Z0-9_]+(\\.[a-zA-Z0-9_]+)*$' }),
      { minProperties: 1 },
    ),
  },
  { additionalProperties: false },
)

/**
 * JWT bearer assertion grant (RFC 7523 §2.1): an assertion signed with the user's private key (the value
 * `privateKey`: a field, or a member of the key file; PKCS#8 or PKCS#1 PEM, encrypted with `privateKeyPassphrase`
 * where given) is exchanged at `tokenURL` with grant_type `urn:ietf:params:oauth:grant-type:jwt-bearer`.
 */
export const JwtBearerRecipe = Type.Object(
  {
    type: Type.Literal('jwt_bearer'),
    ...mintedBase,
    ...oauthTokenEndpoint,
    keyFile: Type.Optional(KeyFile),
    assertion: Type.Object(
      {
        algorithm: Type.Union(
          ['RS256', 'RS384', 'RS512', 'PS256', 'ES256', 'ES384'].map((a) => Type.Literal(a)),
        ),
        /** `iss`: the client id or service account email (`{clientEmail}`). */
        issuer: Templated,
        /** `sub`: the user acted for (Google domain-wide delegation, Salesforce username); omitted when it fills empty. */
        subject: Type.Optional(Templated),
        /** `aud`: usually the token URL or the authorization server's host. */
        audience: Templated,
        /** JOSE header `kid` (Google `private_key_id`, Box public key id); omitted when it fills empty. */
        keyId: Type.Optional(Templated),
        /** Seconds from `iat` to `exp`; providers cap it (Google and Salesforce: 1 h, Box: 60 s). */
        lifetimeSeconds: Type.Integer({ minimum: 30, maximum: 3600 }),
        /** Put the scopes, joined, in this claim (Google and DocuSign: `scope`) instead of the token request. */
        scopeClaim: Type.Optional(Type.String({ pattern: '^[a-zA-Z_][a-zA-Z0-9_]{0,40}$' })),
        /** More claims, `{field}` placeholders filled (Box `box_sub_type`). */
        claims: Type.Optional(StringMap),
      },
      { additionalProperties: false },
    ),
    /** How the client authenticates besides the assertion: none (default), or `clientId`/`clientSecret` in the body (Box). */
    clientAuthentication: Type.Optional(
      Type.Union([Type.Literal('none'), Type.Literal('client_secret_post')]),
    ),
  },
  { additionalProperties: false },
)

/**
 * GitHub App installation tokens: an app JWT (RS256, `iss` = `appId`, 10 minutes at most) signed with `privateKey`
 * is sent to `tokenURL` (POST …/app/installations/{installationId}/access_tokens) for a 1-hour installation token.
 * The app JWT never leaves Keyport except to that endpoint.
 */
export const GitHubAppRecipe = Type.Object(
  {
    type: Type.Literal('github_app'),
    ...mintedBase,
    /** JSON body narrowing the token (`repositories`, `permissions`), `{field}` placeholders filled in strings. */
    tokenBody: Type.Optional(Type.Unknown()),
  },
  { additionalProperties: false },
)

export const MINTED_TYPES = ['client_credentials', 'jwt_bearer', 'github_app'] as const
