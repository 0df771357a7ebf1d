// Why an OAuth 1.0a server refused a request, as the OAuth Problem Reporting extension names it (`oauth_problem`,
// in a form-encoded body or in WWW-Authenticate; RFC 5849 itself only says 401), and whose values the problem is
// about. Pure: a response's parts in, a name out; never a secret.

/**
 * Whose values a problem blames: the client credentials (consumer key and secret), the token credentials (the
 * user's grant), or how the request was made (timestamp, nonce, parameters).
 */
export type ProblemSource = 'client' | 'token' | 'request'

// The extension's problems (oauth.pbworks.com ProblemReporting). signature_invalid is ambiguous on its face (the
// consumer secret and the token secret both key the signature) but the token secret is the server's own issue,
// stored as it was sent: a signature that stops verifying means the consumer secret changed.
const SOURCES: Readonly<Record<string, ProblemSource>> = {
  consumer_key_unknown: 'client',
  consumer_key_rejected: 'client',
  consumer_key_refused: 'client',
  signature_invalid: 'client',
  signature_method_rejected: 'client',
  token_used: 'token',
  token_expired: 'token',
  token_revoked: 'token',
  token_rejected: 'token',
  additional_authorization_required: 'token',
  permission_unknown: 'token',
  permission_denied: 'token',
  user_refused: 'token',
  version_rejected: 'request',
  parameter_absent: 'request',
  parameter_rejected: 'request',
  timestamp_refused: 'request',
  nonce_used: 'request',
}

/** Whose values `problem` blames; null for a problem the extension does not name. */
export function problemSource(problem: string | null): ProblemSource | null {
  return problem !== null && Object.hasOwn(SOURCES, problem) ? SOURCES[problem]! : null
}

const PROBLEM = /^[a-z_]{1,64}$/
const IN_CHALLENGE = /(?:^|[\s,])oauth_problem="?([a-z_]{1,64})"?(?=$|[\s,])/i

/**
 * The `oauth_problem` of a refusal: from WWW-Authenticate (`OAuth realm="…", oauth_problem="token_rejected"`) or a
 * form-encoded body (`oauth_problem=signature_invalid&…`). Only a plain lower-case name is returned, so nothing the
 * server echoed (a parameter, a value) is carried further.
 */
export function oauthProblem(wwwAuthenticate: string | null, body: string | null): string | null {
  const challenged = wwwAuthenticate ? IN_CHALLENGE.exec(wwwAuthenticate)?.[1] : undefined
  const named =
    challenged ?? (body !== null ? new URLSearchParams(body.trim()).get('oauth_problem') : null)
  const problem = named?.toLowerCase() ?? null
  return problem !== null && PROBLEM.test(problem) ? problem : null
}
