import { fillTemplate, type Verification } from '../catalog/index.js'

export type VerificationOutcome =
  | { outcome: 'valid'; status: number }
  | { outcome: 'rejected'; status: number }
  | { outcome: 'unavailable'; status: number | null; reason: string }

export interface VerificationRequest {
  url: string
  init: RequestInit & { headers: Record<string, string> }
}

/** Builds the app's declared check from the typed values. Pure: easy to snapshot and test. */
export function buildVerificationRequest(
  verification: Verification,
  values: Readonly<Record<string, string>>,
): VerificationRequest {
  const url = new URL(fillTemplate(verification.url, values, { encode: true }))
  for (const [k, v] of Object.entries(verification.query ?? {})) url.searchParams.set(k, fillTemplate(v, values, { encode: false }))
  const headers: Record<string, string> = { accept: 'application/json', 'user-agent': 'Keyport' }
  for (const [k, v] of Object.entries(verification.headers ?? {})) headers[k.toLowerCase()] = fillTemplate(v, values, { encode: false })
  if (verification.basic) {
    const user = fillTemplate(verification.basic.username, values, { encode: false })
    const pass = fillTemplate(verification.basic.password, values, { encode: false })
    headers.authorization = `Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}`
  }
  const init: VerificationRequest['init'] = { method: verification.method, headers, redirect: 'manual' }
  if (verification.body !== undefined) {
    headers['content-type'] = 'application/json'
    init.body = JSON.stringify(verification.body)
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
  timeoutMs = 10_000,
): Promise<VerificationOutcome> {
  const { url, init } = buildVerificationRequest(verification, values)
  let response: Response
  try {
    response = await fetchImpl(url, { ...init, signal: AbortSignal.timeout(timeoutMs) })
  } catch (error) {
    const reason = (error as Error).name === 'TimeoutError' ? 'timed out' : 'could not be reached'
    return { outcome: 'unavailable', status: null, reason }
  }
  await response.body?.cancel().catch(() => undefined)
  const success = verification.successStatuses ?? [200]
  const reject = verification.rejectStatuses ?? [401, 403]
  if (success.includes(response.status)) return { outcome: 'valid', status: response.status }
  if (reject.includes(response.status)) return { outcome: 'rejected', status: response.status }
  return { outcome: 'unavailable', status: response.status, reason: `answered ${response.status}` }
}
