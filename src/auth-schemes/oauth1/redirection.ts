// RFC 5849 §2: the redirection-based authorization, as a stateless client. Endpoints (already filled from the
// recipe), the client credentials, parameters and an injectable fetch in; credentials out. No database, no sealing,
// no logging, and never a secret in an error message.
import { oauthProblem } from './problem.js'
import { authorizationHeader, type OAuth1Credentials } from './sign-request.js'
import type { SignatureMethod } from './signature.js'

export interface OAuth1Endpoints {
  requestTokenURL: string
  authorizationURL: string
  accessTokenURL: string
  signatureMethod: SignatureMethod
  realm: string | null
  /** Added to the authorization URL's query (Trello `scope`/`expiration`, Flickr `perms`). */
  authorizationParams: Readonly<Record<string, string>>
}

export interface ClientCredentials {
  consumerKey: string
  consumerSecret: string
}

/** A pair of credentials the server issued (temporary or token credentials) and any other parameters it sent. */
export interface IssuedCredentials {
  token: string
  tokenSecret: string
  /** The rest of the response (X `user_id` and `screen_name`); never the token secret. */
  parameters: Record<string, string>
}

/** The request did not complete (DNS, refused, TLS, timeout). */
export class OAuth1NetworkError extends Error {
  override name = 'OAuth1NetworkError'
}

/**
 * The server refused (any non-2xx), or answered 2xx without what §2.1/§2.3 require. `problem` is the OAuth Problem
 * Reporting extension's `oauth_problem` when the server sends one (`signature_invalid`, `token_rejected`...).
 */
export class OAuth1ResponseError extends Error {
  override name = 'OAuth1ResponseError'
  constructor(
    readonly status: number,
    readonly problem: string | null,
    what: string,
  ) {
    super(`${what}: HTTP ${status}${problem ? ` (${problem})` : ''}`)
  }
}

const TIMEOUT_MS = 10_000
const MAX_RESPONSE_BYTES = 64 * 1024
interface ServerAnswer {
  status: number
  body: URLSearchParams
  /** The refusal's oauth_problem, from WWW-Authenticate or the body. */
  problem: string | null
}

async function credentialsRequest(
  url: string,
  credentials: OAuth1Credentials,
  endpoints: OAuth1Endpoints,
  extra: Record<string, string>,
  fetchImpl: typeof fetch,
): Promise<ServerAnswer> {
  const target = new URL(url)
  // §2.1 / §2.3: POST unless the server says otherwise; all protocol parameters in the header, no body.
  const authorization = authorizationHeader(
    credentials,
    { method: 'POST', url: target, formBody: null },
    { signatureMethod: endpoints.signatureMethod, realm: endpoints.realm, extra },
  )
  let response: Response
  try {
    response = await fetchImpl(target, {
      method: 'POST',
      headers: { authorization, accept: '*/*', 'user-agent': 'Keyport' },
      redirect: 'manual',
      signal: AbortSignal.timeout(TIMEOUT_MS),
    })
  } catch (error) {
    throw new OAuth1NetworkError('the OAuth 1.0a server could not be reached', { cause: error })
  }
  // §2.1 / §2.3: the answer is application/x-www-form-urlencoded.
  const text = await readCapped(response)
  return {
    status: response.status,
    body: new URLSearchParams(text ?? ''),
    problem: oauthProblem(response.headers.get('www-authenticate'), text),
  }
}

async function readCapped(response: Response): Promise<string | null> {
  const length = Number(response.headers.get('content-length') ?? '0')
  if (length > MAX_RESPONSE_BYTES) {
    await response.body?.cancel().catch(() => undefined)
    return null
  }
  const text = await response.text().catch(() => null)
  return text !== null && text.length <= MAX_RESPONSE_BYTES ? text : null
}

function issued({ status, body, problem }: ServerAnswer, what: string): IssuedCredentials {
  const token = body.get('oauth_token')
  const tokenSecret = body.get('oauth_token_secret')
  if (status < 200 || status > 299 || !token || tokenSecret === null)
    throw new OAuth1ResponseError(status, problem, what)
  const parameters: Record<string, string> = {}
  for (const [name, value] of body)
    if (name !== 'oauth_token' && name !== 'oauth_token_secret') parameters[name] = value
  return { token, tokenSecret, parameters }
}

/** RFC 5849 §2.1: temporary credentials for one authorization, with the callback the server will send the user to. */
export async function requestTemporaryCredentials(input: {
  endpoints: OAuth1Endpoints
  client: ClientCredentials
  callbackURL: string
  fetch: typeof fetch
}): Promise<IssuedCredentials> {
  const answer = await credentialsRequest(
    input.endpoints.requestTokenURL,
    { ...input.client, token: null, tokenSecret: null },
    input.endpoints,
    { oauth_callback: input.callbackURL },
    input.fetch,
  )
  const credentials = issued(answer, 'temporary credential request refused')
  // §2.1: "MUST be present and set to true" — it tells 1.0a (callback bound to the request) from 1.0.
  if (credentials.parameters.oauth_callback_confirmed !== 'true')
    throw new OAuth1ResponseError(answer.status, null, 'the server did not confirm the callback')
  return credentials
}

/** RFC 5849 §2.2: where the user's browser goes to approve, the temporary token in the query. */
export function createAuthorizationURL(endpoints: OAuth1Endpoints, temporaryToken: string): URL {
  const url = new URL(endpoints.authorizationURL)
  for (const [name, value] of Object.entries(endpoints.authorizationParams))
    url.searchParams.set(name, value)
  url.searchParams.set('oauth_token', temporaryToken)
  return url
}

/** RFC 5849 §2.3: the temporary credentials and the verifier from the callback, exchanged for token credentials. */
export async function requestTokenCredentials(input: {
  endpoints: OAuth1Endpoints
  client: ClientCredentials
  temporary: { token: string; tokenSecret: string }
  verifier: string
  fetch: typeof fetch
}): Promise<IssuedCredentials> {
  const answer = await credentialsRequest(
    input.endpoints.accessTokenURL,
    { ...input.client, token: input.temporary.token, tokenSecret: input.temporary.tokenSecret },
    input.endpoints,
    { oauth_verifier: input.verifier },
    input.fetch,
  )
  return issued(answer, 'token request refused')
}
