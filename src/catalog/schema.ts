// The one schema every catalog file is validated against at boot (docs/architecture.md §1, src/catalog).
// Apps are data: endpoints, fields and declared quirks. Behaviour that data cannot express
// lives in src/oauth/quirks/<provider>.ts, named here by `quirks`.
import { Type, type Static } from '@sinclair/typebox'
import {
  BasicCredentials,
  Category,
  Conditions,
  DocsURL,
  Field,
  Id,
  StringMap,
  Templated,
  Unverifiable,
  Verification,
} from './schema-parts.js'
import { ClientCredentialsRecipe, GitHubAppRecipe, JwtBearerRecipe } from './schema-minted.js'
import { AwsSigV4Recipe } from './schema-aws-sigv4.js'
import { OAuth1Recipe, OAuth1TokenRecipe } from './schema-oauth1.js'

export { Category, Field, Verification } from './schema-parts.js'
export { ClientCredentialsRecipe, GitHubAppRecipe, JwtBearerRecipe } from './schema-minted.js'
export { AwsSigV4Recipe } from './schema-aws-sigv4.js'
export { OAuth1Recipe, OAuth1TokenRecipe } from './schema-oauth1.js'

export const OAuth2Recipe = Type.Object(
  {
    type: Type.Literal('oauth2'),
    /** `{field}` placeholders are filled from connection fields (Shopify `{shop}`, Zendesk `{subdomain}`). */
    authorizationURL: Templated,
    tokenURL: Templated,
    revocationURL: Type.Optional(Templated),
    /** RFC 9207 issuer identifier; when set, a callback's `iss` must equal it. */
    issuer: Type.Optional(Type.String()),
    /** May hold `{field}` placeholders (Dynamics 365 `https://{orgHost}/user_impersonation`). */
    scopes: Type.Array(Type.String()),
    scopeSeparator: Type.Optional(Type.String({ default: ' ' })),
    pkce: Type.Union([
      Type.Literal('required'),
      Type.Literal('supported'),
      Type.Literal('unsupported'),
    ]),
    tokenEndpointAuthMethod: Type.Union([
      Type.Literal('client_secret_basic'),
      Type.Literal('client_secret_post'),
    ]),
    authorizationParams: Type.Optional(StringMap),
    tokenParams: Type.Optional(StringMap),
    /** Fields typed before the redirect; their values fill `{name}` placeholders and are kept as metadata. */
    fields: Type.Optional(Type.Array(Field)),
    refresh: Type.Object(
      {
        /** false: the provider issues no refresh token (the token lives until revoked, or expires for good). */
        supported: Type.Boolean(),
        /** The provider sends a new refresh token on each refresh, and the old one stops working. */
        rotates: Type.Optional(Type.Boolean()),
        /**
         * With `rotates`: the old refresh token stays valid after a refresh (Microsoft identity platform), so a
         * refresh whose response was lost can be retried. Default false: strict rotation.
         */
        oldTokenRemainsValid: Type.Optional(Type.Boolean()),
        /** Refresh this many seconds before the access token expires; default 300. */
        marginSeconds: Type.Optional(Type.Integer({ minimum: 0, maximum: 86400 })),
        /** Known refresh-token lifetime when the provider documents one (e.g. Xero 60 days idle). */
        refreshTokenLifetimeSeconds: Type.Optional(Type.Integer({ minimum: 1 })),
      },
      { additionalProperties: false },
    ),
    /** Access-token lifetime when the token response carries no `expires_in` but the docs state one. */
    accessTokenLifetimeSeconds: Type.Optional(Type.Integer({ minimum: 1 })),
    /** Token-response fields kept as non-secret credential metadata (Salesforce `instance_url`, Slack `team`). */
    tokenResponseMetadata: Type.Optional(
      Type.Array(Type.String({ pattern: '^[a-zA-Z_][a-zA-Z0-9_.]*$' })),
    ),
    /** Callback query parameters kept as metadata (QuickBooks `realmId`, Zoho `accounts-server`). */
    callbackMetadata: Type.Optional(
      Type.Array(Type.String({ pattern: '^[a-zA-Z_][a-zA-Z0-9_.-]*$' })),
    ),
    /** Name of a module in src/oauth/quirks for what data cannot say (Slack's nested user token...). */
    quirks: Type.Optional(Id),
    /**
     * Run with the access token and metadata once connected; besides fields and `{accessToken}` it may use
     * `tokenResponseMetadata` and `callbackMetadata` names (`{instance_url:raw}/services/oauth2/userinfo`).
     */
    verification: Type.Optional(Verification),
    unverifiable: Type.Optional(Unverifiable),
  },
  { additionalProperties: false },
)

export const KeyRecipe = Type.Object(
  {
    /** api_key: one secret; basic: username + password; custom: several typed fields. */
    type: Type.Union([Type.Literal('api_key'), Type.Literal('basic'), Type.Literal('custom')]),
    fields: Type.Array(Field, { minItems: 1 }),
    verification: Type.Optional(Verification),
    /** Known key lifetime in seconds when the provider expires keys (drives credential.expiring). */
    keyLifetimeSeconds: Type.Optional(Type.Integer({ minimum: 1 })),
    /** Seconds between scheduled health checks; default one day. */
    checkIntervalSeconds: Type.Optional(Type.Integer({ minimum: 300 })),
    /**
     * A scheme the caller must apply with these credentials that data cannot describe (Ghost Admin JWT, AWS
     * SigV4, Emarsys WSSE). Keyport stores the fields; without a `verification` it must say `unverifiable`.
     */
    quirks: Type.Optional(Id),
    /** Why no verification is declared, shown to reviewers and in docs/apps.md. */
    unverifiable: Type.Optional(Unverifiable),
  },
  { additionalProperties: false },
)

/**
 * A host the proxy may reach: exact (`api.stripe.com`), or with `*` for any one label (`*.myshopify.com`, AWS's
 * regional `email.*.amazonaws.com`); the last two labels are always literal.
 */
const HostPattern = Type.String({
  pattern:
    '^((\\*|[a-z0-9]([a-z0-9-]*[a-z0-9])?)\\.)*[a-z0-9]([a-z0-9-]*[a-z0-9])?\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?$',
  maxLength: 253,
})

/**
 * How the app's own API is called with a credential, for the proxy (`/v1/proxy/{credentialId}/{path}` reaches
 * `baseURL + '/' + path`). Templates use the verification's language: `{field}`, `{field:raw}` and, for OAuth
 * apps, `{accessToken}` and token-response / callback metadata (`{instance_url:raw}`).
 */
export const ApiRecipe = Type.Object(
  {
    /** The prefix every documented endpoint path is appended to, without a trailing slash. */
    baseURL: Templated,
    /**
     * Hosts the filled baseURL may name. Required when its host comes from a value (Salesforce `instance_url`,
     * a Shopify shop name), so a value cannot point the proxy elsewhere; a `format` field typed by the user
     * (self-hosted servers) may name any public host and needs none.
     */
    hosts: Type.Optional(Type.Array(HostPattern, { minItems: 1 })),
    /** Headers Keyport injects; OAuth apps default to `Authorization: Bearer {accessToken}` when none are given. */
    headers: Type.Optional(StringMap),
    /** Query parameters Keyport injects (APIs that take the key in the URL). */
    query: Type.Optional(StringMap),
    /** HTTP Basic credentials Keyport injects. */
    basic: Type.Optional(BasicCredentials),
    /** The API reference the base URL and injection were checked against. */
    docsURL: Type.Optional(DocsURL),
  },
  { additionalProperties: false },
)

/** An app whose API the proxy cannot call (every request signed, no HTTP API...): says why. */
export const NoApi = Type.Object(
  { unproxyable: Type.String({ minLength: 1, maxLength: 300 }) },
  { additionalProperties: false },
)

export const AppFile = Type.Object(
  {
    $schema: Type.Optional(Type.String()),
    id: Id,
    name: Type.String({ minLength: 1, maxLength: 80 }),
    categories: Type.Array(Category, { minItems: 1 }),
    docsURL: DocsURL,
    /** simple-icons slug, when the brand is in simple-icons. */
    icon: Type.Optional(Type.String({ pattern: '^[a-z0-9]+$' })),
    /** `#rrggbb`: the tile behind the app's initials when simple-icons has no logo for the brand. */
    brandColor: Type.Optional(Type.String({ pattern: '^#[0-9a-fA-F]{6}$' })),
    /** How the entry was checked: `documented` = every endpoint, scope and field checked against docsURL. */
    confirmation: Type.Union([Type.Literal('documented'), Type.Literal('unconfirmed')]),
    /** Free text for a reviewer: what could not be confirmed, or a provider note. */
    notes: Type.Optional(Type.String({ maxLength: 1000 })),
    /**
     * One member per way of authenticating (README: Auth types). A new scheme adds its recipe here and its module
     * in src/auth-schemes (oauth1 and aws_sigv4 are reserved for request-signing schemes).
     */
    auth: Type.Union([
      OAuth2Recipe,
      KeyRecipe,
      ClientCredentialsRecipe,
      JwtBearerRecipe,
      GitHubAppRecipe,
      AwsSigV4Recipe,
      OAuth1Recipe,
      OAuth1TokenRecipe,
    ]),
    /** How the proxy calls the app's API; every built-in app declares it (or why it cannot). */
    api: Type.Optional(Type.Union([ApiRecipe, NoApi])),
  },
  { additionalProperties: false },
)

export type Field = Static<typeof Field>
export type Verification = Static<typeof Verification>
export type Conditions = Static<typeof Conditions>
export type OAuth2Recipe = Static<typeof OAuth2Recipe>
export type KeyRecipe = Static<typeof KeyRecipe>
export type AppFile = Static<typeof AppFile>
export type ApiRecipe = Static<typeof ApiRecipe>
export type Category = Static<typeof Category>
export type ClientCredentialsRecipe = Static<typeof ClientCredentialsRecipe>
export type JwtBearerRecipe = Static<typeof JwtBearerRecipe>
export type GitHubAppRecipe = Static<typeof GitHubAppRecipe>
export type AwsSigV4Recipe = Static<typeof AwsSigV4Recipe>
export type OAuth1Recipe = Static<typeof OAuth1Recipe>
export type OAuth1TokenRecipe = Static<typeof OAuth1TokenRecipe>
/** Recipes whose credential mints short-lived access tokens (src/auth-schemes). */
export type MintedRecipe = ClientCredentialsRecipe | JwtBearerRecipe | GitHubAppRecipe
export type AuthRecipe = AppFile['auth']
