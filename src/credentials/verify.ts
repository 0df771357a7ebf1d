import {
  fillJSONTemplate,
  fillTemplate,
  meetsConditions,
  type Verification,
} from '../catalog/index.js'
import { OutboundRefused } from '../net/index.js'
import type { VerificationSigner } from './verification-signer.js'

export type VerificationOutcome =
  | { outcome: 'valid'; status: number }
  /** `problem`: why, as the scheme reads it from the refusal (OAuth 1.0a's oauth_problem), when asked to. */
  | { outcome: 'rejected'; status: number; problem?: string | null }
  | { outcome: 'unavailable'; status: number | null; reason: string }
  /** The outbound guard refused the destination (a typed host that is, or resolves to, a non-public address). */
  | { outcome: 'refused'; status: null; reason: string }

export interface VerificationRequest {
  url: string
  init: RequestInit & { headers: Record<string, string> }
}

/** The placeholders that pick the host of a URL template: `https://{host:raw}/…` → host, `{baseURL:raw}/…` → baseURL. */
export function hostPlaceholders(template: string): string[] {
  const authority = /^(?:https?:\/\/)?([^/?#]*)/.exec(template)![1]!
  return [...authority.matchAll(/\{([a-zA-Z_][a-zA-Z0-9_.-]*)(?::raw)?\}/g)].map((m) => m[1]!)
}

/** Builds the app's declared check from the typed values. Pure: easy to snapshot and test. */
export function buildVerificationRequest(
  verification: Verification,
  values: Readonly<Record<string, string>>,
): VerificationRequest {
  const url = new URL(fillTemplate(verification.url, values, { encode: true }))
  for (const [k, v] of Object.entries(verification.query ?? {}))
    url.searchParams.set(k, fillTemplate(v, values, { encode: false }))
  const headers: Record<string, string> = { accept: 'application/json', 'user-agent': 'Keyport' }
  for (const [k, v] of Object.entries(verification.headers ?? {}))
    headers[k.toLowerCase()] = fillTemplate(v, values, { encode: false })
  if (verification.basic) {
    const user = fillTemplate(verification.basic.username, values, { encode: false })
    const pass = fillTemplate(verification.basic.password, values, { encode: false })
    headers.authorization = `Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}`
  }
  const init: VerificationRequest['init'] = {
    method: verification.method,
    headers,
    redirect: 'manual',
  }
  if (verification.body !== undefined) {
    headers['content-type'] = 'application/json'
    init.body = JSON.stringify(fillJSONTemplate(verification.body, values))
  } else if (verification.form !== undefined) {
    const form = Object.entries(verification.form).map(([k, v]) => [
      k,
      fillTemplate(v, values, { encode: false }),
    ])
    headers['content-type'] = 'application/x-www-form-urlencoded'
    init.body = new URLSearchParams(form).toString()
  }
  return { url: url.toString(), init }
}

/**
 * Runs the check. A status the app lists as rejecting means the key is wrong; anything else that is not a success
 * (a network failure, a timeout, a 5xx) means we could not tell, which is never reported as an invalid key.
 */
export async function verifyCredentials(
  fetchImpl: typeof fetch,
  verification: Verification,
  values: Readonly<Record<string, string>>,
  options: {
    timeoutMs?: number
    sign?: VerificationSigner
    /** Reads why a rejecting answer refused (OAuth 1.0a: whose values its oauth_problem blames decides). */
    problemOf?: (wwwAuthenticate: string | null, body: string | null) => string | null
  } = {},
): Promise<VerificationOutcome> {
  const timeoutMs = options.timeoutMs ?? 10_000
  const { url, init } = buildVerificationRequest(verification, values)
  // Request-signing schemes (AWS SigV4, OAuth 1.0a) sign the request as built, body included.
  if (options.sign) Object.assign(init.headers, await options.sign({ url, init }))
  let response: Response
  try {
    // `fetchImpl` is the providers' outbound client: it refuses non-public addresses on the connection itself,
    // whoever chose the host (the catalog or the user), so there is no second check here.
    response = await fetchImpl(url, { ...init, signal: AbortSignal.timeout(timeoutMs) })
  } catch (error) {
    if (error instanceof OutboundRefused)
      return { outcome: 'refused', status: null, reason: error.message }
    const reason = (error as Error).name === 'TimeoutError' ? 'timed out' : 'could not be reached'
    return { outcome: 'unavailable', status: null, reason }
  }
  const success = verification.successStatuses ?? [200]
  const reject = verification.rejectStatuses ?? [401, 403]
  const judgeBody =
    success.includes(response.status) && (verification.successWhen || verification.rejectWhen)
  const problemOf = !judgeBody && reject.includes(response.status) ? options.problemOf : undefined
  if (problemOf) {
    const body = (await readTextCapped(response, 4096)) ?? null
    const problem = problemOf(response.headers.get('www-authenticate'), body)
    return { outcome: 'rejected', status: response.status, problem }
  }
  if (!judgeBody) await response.body?.cancel().catch(() => undefined)
  if (judgeBody) {
    // Slack answers 200 with ok:false, GraphQL 200 with errors: the body decides. Unparseable means "could not tell".
    const json = await readJSONCapped(response, 256 * 1024)
    if (
      verification.rejectWhen &&
      json !== undefined &&
      meetsConditions(json, verification.rejectWhen)
    ) {
      return { outcome: 'rejected', status: response.status }
    }
    if (
      verification.successWhen &&
      (json === undefined || !meetsConditions(json, verification.successWhen))
    ) {
      return {
        outcome: 'unavailable',
        status: response.status,
        reason: `answered ${response.status} without the expected body`,
      }
    }
    return { outcome: 'valid', status: response.status }
  }
  if (success.includes(response.status)) return { outcome: 'valid', status: response.status }
  if (reject.includes(response.status)) return { outcome: 'rejected', status: response.status }
  return { outcome: 'unavailable', status: response.status, reason: `answered ${response.status}` }
}

/** Parses a JSON body of at most `limit` bytes; undefined when larger, unreadable or not JSON. */
async function readJSONCapped(response: Response, limit: number): Promise<unknown> {
  const text = await readTextCapped(response, limit)
  try {
    return text === undefined ? undefined : (JSON.parse(text) as unknown)
  } catch {
    return undefined // not JSON: the caller reports "could not verify", never "valid"
  }
}

/** A body of at most `limit` bytes as text; undefined when larger or unreadable. */
async function readTextCapped(response: Response, limit: number): Promise<string | undefined> {
  if (!response.body) return undefined
  const chunks: Uint8Array[] = []
  let size = 0
  try {
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
      size += chunk.byteLength
      if (size > limit) return undefined // leaving the loop cancels the stream
      chunks.push(chunk)
    }
    return Buffer.concat(chunks).toString('utf8')
  } catch {
    return undefined // cut off
  }
}
