/**
 * A URL fit for a log line or an error: scheme, host, port and path only. User info, the query and the fragment
 * are where secrets travel (`?api_key=`, `https://user:pass@`), so they never leave this function.
 */
export function redactURL(url: string | URL): string {
  let parsed: URL
  try {
    parsed = new URL(String(url))
  } catch {
    return '(invalid URL)'
  }
  const query = parsed.search ? '?…' : ''
  return `${parsed.protocol}//${parsed.host}${parsed.pathname}${query}`
}
