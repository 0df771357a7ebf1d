// The one schema every catalog file is validated against at boot (DESIGN.md section 7).
// Apps are data: endpoints, fields and declared quirks. Behaviour that data cannot express
// lives in src/oauth/quirks/<provider>.ts, named here by `quirks`.
import { Type, type Static } from '@sinclair/typebox'

const Id = Type.String({ pattern: '^[a-z0-9][a-z0-9-]{0,62}$' })
/** https:// everywhere, plain http:// only for loopback hosts (private apps and tests). */
const EndpointURL = Type.String({
  pattern: '^(https://[^\\s]+|http://(127\\.0\\.0\\.1|localhost|\\[::1\\])(:[0-9]+)?(/[^\\s]*)?)$',
})
const DocsURL = Type.String({ pattern: '^https://[^\\s]+$' })
const Templated = Type.String({ minLength: 1, maxLength: 2000 })
const StringMap = Type.Record(Type.String(), Type.String())
/** Why Keyport cannot check these credentials itself (request signing, a token exchange it does not run...). */
const Unverifiable = Type.String({ minLength: 1, maxLength: 300 })

export const Category = Type.Union(
  [
    'crm',
    'sales',
    'ecommerce',
    'payments',
    'accounting',
    'marketing',
    'email',
    'support',
    'communication',
    'productivity',
    'project-management',
    'storage',
    'hr',
    'ats',
    'developer-tools',
    'analytics',
    'advertising',
    'ai',
    'social',
    'forms',
    'scheduling',
    'documents',
    'database',
    'cms',
    'logistics',
    'security',
    'other',
  ].map((c) => Type.Literal(c)),
)

/** A value the user types: an API key, a subdomain, a Shopify shop name. */
export const Field = Type.Object(
  {
    name: Type.String({ pattern: '^[a-zA-Z][a-zA-Z0-9_]{0,40}$' }),
    displayName: Type.String({ minLength: 1, maxLength: 80 }),
    description: Type.Optional(Type.String({ maxLength: 500 })),
    secret: Type.Boolean(),
    required: Type.Optional(Type.Boolean({ default: true })),
    /** ECMAScript regex the whole value must match (anchored by the loader), e.g. Stripe's `sk_(live|test)_…`. */
    pattern: Type.Optional(Type.String({ maxLength: 500 })),
    placeholder: Type.Optional(Type.String({ maxLength: 200 })),
    /** Shown when `pattern` does not match: says what a valid value looks like. */
    patternMessage: Type.Optional(Type.String({ maxLength: 200 })),
    /** Values allowed, e.g. a region list. The modal renders a select. */
    options: Type.Optional(Type.Array(Type.String(), { minItems: 1 })),
    default: Type.Optional(Type.String()),
    /**
     * `host` (`gitlab.example.com`, `:port` only with `allowPort`) or `url` (`https://shop.example.com/store`): the value is checked
     * against that shape (unless `pattern` overrides it) and may fill a `{name:raw}` placeholder, which inserts
     * it unencoded with trailing slashes removed (self-hosted GitLab, WooCommerce in a sub-directory).
     */
    format: Type.Optional(Type.Union([Type.Literal('host'), Type.Literal('url')])),
    /** With `format: "host"`: the value may end in `:port` (1–65535), which lands in the URL as the port. */
    allowPort: Type.Optional(Type.Boolean()),
    /**
     * The value may span lines (a PEM certificate or key): newlines and tabs are accepted. Every other field refuses
     * control characters, so a CR or LF can never reach a header or a URL.
     */
    multiline: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
)

/** HTTP Basic credentials, each part a template (`{apiKey}` as the user name, `X` as the password...). */
const BasicCredentials = Type.Object(
  { username: Type.String(), password: Type.String() },
  { additionalProperties: false },
)

/** A dotted path into a JSON response body: `ok`, `data.viewer.id`, `errors.0.message`. */
const JSONPath = Type.String({
  pattern: '^[a-zA-Z0-9_$@-]+(\\.[a-zA-Z0-9_$@-]+)*$',
  maxLength: 200,
})
/** What the value at a path must be: equal to a JSON scalar, or `{ "exists": true | false }`. */
const Condition = Type.Union([
  Type.String(),
  Type.Number(),
  Type.Boolean(),
  Type.Null(),
  Type.Object({ exists: Type.Boolean() }, { additionalProperties: false }),
])
const Conditions = Type.Record(JSONPath, Condition, { minProperties: 1 })

/**
 * A cheap authenticated read that tells whether typed credentials work ("get current account").
 * `{field}` in url, headers, query, basic, the string values of `body` and the values of `form` is replaced by the
 * field value (URL-encoded in the URL; `{field:raw}` inserts a `format`-checked host or URL unencoded).
 */
export const Verification = Type.Object(
  {
    method: Type.Union([Type.Literal('GET'), Type.Literal('POST')]),
    url: Templated,
    headers: Type.Optional(StringMap),
    query: Type.Optional(StringMap),
    basic: Type.Optional(BasicCredentials),
    /** JSON body for POST checks (GraphQL viewer queries, Mailchimp Transactional's `{ "key": "{apiKey}" }`). */
    body: Type.Optional(Type.Unknown()),
    /** Form-encoded body instead (token-exchange checks: `grant_type=client_credentials`...). Not with `body`. */
    form: Type.Optional(StringMap),
    /** Statuses that mean the credentials are valid; default [200]. */
    successStatuses: Type.Optional(Type.Array(Type.Integer({ minimum: 100, maximum: 599 }))),
    /** Statuses that mean the credentials are rejected; default [401, 403]. Anything else is "could not verify". */
    rejectStatuses: Type.Optional(Type.Array(Type.Integer({ minimum: 100, maximum: 599 }))),
    /**
     * For APIs that answer 200 whatever happened (Slack `ok:false`, GraphQL `errors`): on a success status the JSON
     * body must also meet every condition here, or the result is "could not verify".
     */
    successWhen: Type.Optional(Conditions),
    /** On a success status, a JSON body meeting every condition here means the credentials are rejected. */
    rejectWhen: Type.Optional(Conditions),
  },
  { additionalProperties: false },
)

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

/** A host the proxy may reach: exact (`api.stripe.com`) or any one label in front (`*.myshopify.com`). */
const HostPattern = Type.String({
  pattern: '^(\\*\\.)?[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$',
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
    auth: Type.Union([OAuth2Recipe, KeyRecipe]),
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
