// Building blocks every auth recipe shares: ids, templated strings, typed fields and the verification request.
// Recipes themselves live in schema.ts (OAuth 2.0 authorization code, keys) and schema-minted.ts (client
// credentials, JWT bearer, GitHub App); oauth1 and aws_sigv4 add theirs beside them.
import { Type } from '@sinclair/typebox'

export const Id = Type.String({ pattern: '^[a-z0-9][a-z0-9-]{0,62}$' })
export const DocsURL = Type.String({ pattern: '^https://[^\\s]+$' })
export const Templated = Type.String({ minLength: 1, maxLength: 2000 })
export const StringMap = Type.Record(Type.String(), Type.String())
/** Why Keyport cannot check these credentials itself (request signing, a token exchange it does not run...). */
export const Unverifiable = Type.String({ minLength: 1, maxLength: 300 })

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
export const BasicCredentials = Type.Object(
  { username: Type.String(), password: Type.String() },
  { additionalProperties: false },
)

/** A dotted path into a JSON response body: `ok`, `data.viewer.id`, `errors.0.message`. */
export const JSONPath = Type.String({
  pattern: '^[a-zA-Z0-9_$@-]+(\\.[a-zA-Z0-9_$@-]+)*$',
  maxLength: 200,
})
/** What the value at a path must be: equal to a JSON scalar, or `{ "exists": true | false }`. */
export const Condition = Type.Union([
  Type.String(),
  Type.Number(),
  Type.Boolean(),
  Type.Null(),
  Type.Object({ exists: Type.Boolean() }, { additionalProperties: false }),
])
export const Conditions = Type.Record(JSONPath, Condition, { minProperties: 1 })

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
