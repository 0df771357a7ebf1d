// Recipes for OAuth 1.0a (RFC 5849) apps: every API request is signed with the client credentials and the user's
// token credentials (src/auth-schemes/oauth1). Two ways to get the token credentials: the redirection-based flow
// through the modal popup (`oauth1`), or tokens the user already holds and types in (`oauth1_token`, NetSuite TBA).
import { Type } from '@sinclair/typebox'
import { Field, StringMap, Templated, Unverifiable, Verification } from './schema-parts.js'

/** RFC 5849 §3.4 methods, plus HMAC-SHA256 (NetSuite). RSA-SHA1 takes a PEM private key as the consumer secret. */
const SignatureMethod = Type.Union([
  Type.Literal('HMAC-SHA1'),
  Type.Literal('HMAC-SHA256'),
  Type.Literal('PLAINTEXT'),
  Type.Literal('RSA-SHA1'),
])

const signing = {
  signatureMethod: SignatureMethod,
  /** The Authorization header's `realm` (never signed); `{field}` placeholders filled (NetSuite `{accountId}`). */
  realm: Type.Optional(Templated),
  /** Run signed with the stored credentials; the signature is added, no `{placeholder}` carries a secret. */
  verification: Type.Optional(Verification),
  unverifiable: Type.Optional(Unverifiable),
  /** Seconds between scheduled checks; default one day. */
  checkIntervalSeconds: Type.Optional(Type.Integer({ minimum: 300 })),
}

/**
 * Three-legged OAuth 1.0a through the modal popup (RFC 5849 §2): temporary credentials (`oauth_callback` is
 * Keyport's callback), the user approves at `authorizationURL`, the verifier is exchanged for token credentials. The
 * consumer key and secret are the platform's, set like an OAuth 2.0 client (`PUT /v1/apps/{app}/oauth-client`).
 */
export const OAuth1Recipe = Type.Object(
  {
    type: Type.Literal('oauth1'),
    /** §2.1 Temporary Credential Request endpoint (POST). `{field}` placeholders come from connection fields. */
    requestTokenURL: Templated,
    /** §2.2 Resource Owner Authorization endpoint; `oauth_token` is added to its query. */
    authorizationURL: Templated,
    /** §2.3 Token Request endpoint (POST). */
    accessTokenURL: Templated,
    /** More query parameters for the authorization URL (Trello `scope`/`expiration`/`name`, Flickr `perms`). */
    authorizationParams: Type.Optional(StringMap),
    /** Fields typed before the redirect; their values fill `{name}` placeholders and are kept as metadata. */
    fields: Type.Optional(Type.Array(Field)),
    /** Token-response parameters kept as non-secret metadata (X `user_id`, `screen_name`). */
    tokenResponseMetadata: Type.Optional(
      Type.Array(Type.String({ pattern: '^[a-zA-Z_][a-zA-Z0-9_.]*$' })),
    ),
    ...signing,
  },
  { additionalProperties: false },
)

/** The field names an `oauth1_token` recipe must declare: what signing needs. */
export const OAUTH1_TOKEN_FIELDS = [
  'consumerKey',
  'consumerSecret',
  'token',
  'tokenSecret',
] as const

/**
 * Token-based OAuth 1.0a (NetSuite TBA): the user (or the platform, by POST /v1/credentials) types the client and
 * token credentials; Keyport signs each request with them. The fields must include `consumerKey`,
 * `consumerSecret`, `token` and `tokenSecret`; others (an account id) may fill `{placeholders}` and the realm.
 */
export const OAuth1TokenRecipe = Type.Object(
  {
    type: Type.Literal('oauth1_token'),
    fields: Type.Array(Field, { minItems: 4 }),
    ...signing,
  },
  { additionalProperties: false },
)

export const OAUTH1_TYPES = ['oauth1', 'oauth1_token'] as const
