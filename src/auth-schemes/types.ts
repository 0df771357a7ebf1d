import type { App } from '../catalog/index.js'

/**
 * A short-lived token minted from the stored fields, cached (sealed) in the credential until shortly before
 * `expiresAt`. What `GET /v1/credentials/{id}/secret` returns for a minting scheme, and what proxy templates see.
 */
export interface MintedToken {
  /**
   * Bearer schemes: `accessToken` and `tokenType`. A scheme that mints something else names its own values (STS:
   * `accessKeyId`, `secretAccessKey`, `sessionToken`). Never the long-lived secret it was minted from.
   */
  values: Record<string, string>
  /** ISO 8601; null when the provider states no lifetime (then it is used until a 401 or a check). */
  expiresAt: string | null
  /** Non-secret fields of the token response kept as credential metadata (Salesforce `instance_url`). */
  metadata: Record<string, string | number | boolean>
}

/** What a scheme needs to act for one credential. Stateless: no database, no sealing, no logging. */
export interface SchemeContext {
  app: App
  /** The values the user typed (as stored, sealed), with a key file's members added (see `values`). */
  values: Readonly<Record<string, string>>
  /** The providers' guarded client (deps.fetch). Required: a default would be the unguarded global fetch. */
  fetch: typeof fetch
  now: () => Date
}

/** One proxied request as it will be sent, for schemes that sign each request (OAuth 1.0a, AWS SigV4). */
export interface SigningRequest {
  method: string
  /** The full target URL, query included, exactly as it will be sent. */
  url: URL
  /** Lower-case names; what will be sent besides the headers `sign` returns. */
  headers: Readonly<Record<string, string | string[]>>
  /**
   * The body when Keyport holds it in memory (small bodies, see the proxy's replay limit), null when there is
   * none, 'streamed' when it goes out as it arrives (a signer that needs its hash then refuses or signs it unsigned).
   */
  body: Buffer | null | 'streamed'
  /**
   * 'verification' when the app's verification request is signed (a scheme may sign it for another service: AWS
   * STS GetCallerIdentity); 'proxy' (the default) for a proxied request.
   */
  purpose?: 'proxy' | 'verification'
}

/**
 * One way of authenticating, behind one interface; src/auth-schemes/registry.ts maps each recipe `type` to one.
 * Every member is optional: a minting scheme has `mint`, a signing scheme `sign`, a plain key scheme nothing.
 */
export interface AuthScheme {
  /**
   * Checks typed values beyond the catalog's patterns when the credential is created (parse the private key) and
   * returns the values the other members work with (a key file's members added). Throws AppError
   * invalid_credential_data naming the field, never echoing a value.
   */
  prepare?(app: App, values: Readonly<Record<string, string>>): Record<string, string>
  /**
   * Mints a token. Throws CredentialRejected when the provider refuses the credential itself (the credential then
   * expires and credential.expired goes out); any other error is transient (backoff, like a failed refresh).
   */
  mint?(context: SchemeContext): Promise<MintedToken>
  /**
   * Headers to set on one proxied request (they replace the caller's of the same name). Runs for every send,
   * retries included, so timestamps and nonces are fresh. `values` are the typed values plus a cached token's.
   */
  sign?(request: SigningRequest, context: SchemeContext): Promise<Record<string, string>>
  /** Headers the proxy injects when the app's `api` declares none (bearer schemes: `Bearer {accessToken}`). */
  defaultProxyHeaders?: Readonly<Record<string, string>>
  /**
   * For a scheme whose recipe mints only with some values (AWS SigV4: a role ARN to assume): whether a credential
   * with these typed values mints. Absent: every credential of a recipe with `mint` does.
   */
  mints?(values: Readonly<Record<string, string>>): boolean
  /**
   * What of a proxied body `sign` needs in memory: 'whole' (SigV4 hashes it: the proxy holds it up to its body limit,
   * else 413), 'none' (it streams; `sign` sees 'streamed' past the replay limit). Absent: 'none'.
   */
  bodyForSigning?(
    app: App,
    headers: Readonly<Record<string, string | string[] | undefined>>,
  ): 'none' | 'whole'
  /**
   * Statuses besides 401 with which the provider may be refusing the credential itself, so a proxied answer with
   * one starts the background re-check (AWS answers 403 to an unknown key or a bad signature).
   */
  refusalStatuses?: readonly number[]
  /** Lower-case headers `sign` owns: a caller's value for one of them is never forwarded, even when unsigned. */
  reservedHeaders?: readonly string[]
}
