// The console's one HTTP client: same-origin fetch with the session cookie (HttpOnly, the page never sees it), the
// CSRF token on unsafe methods, and the error envelope turned into an ApiError. A 401 means the session ended.
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly requestId: string | null = null,
  ) {
    super(message)
  }
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])

let csrfToken: string | null = null
let onSessionEnded: () => void = () => {}

export function setCsrfToken(token: string | null): void {
  csrfToken = token
}

/** Called once with what to do when any call answers 401 (the session ended: idle or absolute timeout). */
export function whenSessionEnds(handler: () => void): void {
  onSessionEnded = handler
}

export async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' }
  if (body !== undefined) headers['content-type'] = 'application/json'
  if (UNSAFE.has(method) && csrfToken) headers['x-csrf-token'] = csrfToken
  const response = await fetch(path, {
    method,
    headers,
    credentials: 'same-origin',
    cache: 'no-store',
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  })
  if (response.status === 204) return undefined as T
  const payload = (await response.json().catch(() => null)) as {
    error?: { code?: string; message?: string; requestId?: string }
  } | null
  if (!response.ok) {
    const error = new ApiError(
      response.status,
      payload?.error?.code ?? 'http_error',
      payload?.error?.message ?? `The server answered ${response.status}.`,
      payload?.error?.requestId ?? null,
    )
    // /v1 answers 401 to a session that ended; the session and sign-in calls handle their own 401.
    if (response.status === 401 && path.startsWith('/v1/')) onSessionEnded()
    throw error
  }
  return payload as T
}

export const get = <T>(path: string): Promise<T> => request<T>('GET', path)
export const post = <T>(path: string, body?: unknown): Promise<T> =>
  request<T>('POST', path, body ?? {})
export const put = <T>(path: string, body: unknown): Promise<T> => request<T>('PUT', path, body)
export const patch = <T>(path: string, body: unknown): Promise<T> => request<T>('PATCH', path, body)
export const del = (path: string): Promise<void> => request<void>('DELETE', path)

/** A query string from the set values only. */
export function query(params: Record<string, string | number | null | undefined>): string {
  const search = new URLSearchParams()
  for (const [key, value] of Object.entries(params))
    if (value !== null && value !== undefined && value !== '') search.set(key, String(value))
  const text = search.toString()
  return text ? `?${text}` : ''
}

/** What to show for a failed call: the server's message, and its request id for a bug report. */
export function describeError(error: unknown): string {
  if (error instanceof ApiError)
    return error.requestId ? `${error.message} (request ${error.requestId})` : error.message
  return error instanceof Error ? error.message : String(error)
}
