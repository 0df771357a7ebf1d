import { OAuthNetworkError, OAuthUnexpectedResponseError } from '../errors.js'

/**
 * GETs JSON with a fresh access token (for quirks that look something up after the exchange). Network failures
 * become OAuthNetworkError; a non-200 or non-JSON answer OAuthUnexpectedResponseError. Messages name only the path.
 */
export async function getJSONWithToken(
  fetchImpl: typeof fetch,
  url: string,
  accessToken: string,
): Promise<unknown> {
  let response: Response
  try {
    response = await fetchImpl(url, {
      headers: { authorization: `Bearer ${accessToken}`, accept: 'application/json' },
      redirect: 'manual',
    })
  } catch (cause) {
    throw new OAuthNetworkError(`could not reach ${new URL(url).host}`, { cause })
  }
  const text = await response.text()
  const path = new URL(url).pathname
  if (response.status !== 200)
    throw new OAuthUnexpectedResponseError(`${path} did not answer 200`, response.status)
  if (text.length > 256 * 1024)
    throw new OAuthUnexpectedResponseError(`${path} answered too much`, 200)
  try {
    return JSON.parse(text) as unknown
  } catch {
    throw new OAuthUnexpectedResponseError(`${path} answered with something other than JSON`, 200)
  }
}

/** The array of objects a listing endpoint returns, or an unexpected-response error. */
export function objectList(value: unknown, path: string): Record<string, unknown>[] {
  if (!Array.isArray(value) || value.some((item) => item === null || typeof item !== 'object')) {
    throw new OAuthUnexpectedResponseError(`${path} did not answer with a list`, 200)
  }
  return value as Record<string, unknown>[]
}
