// The proxy suite's spelling of raw-http's rawRequest: a base URL and a header map instead of a port and options.
// One HTTP/1.1 request written byte for byte, so `..`, backslashes and the like reach the server as an attacker
// sends them (fetch and inject() would normalise them first).
import { rawRequest as send, type RawResponse } from './raw-http.js'

export type { RawResponse }

export function rawRequest(
  base: string,
  method: string,
  target: string,
  headers: Record<string, string>,
): Promise<RawResponse> {
  return send(Number(new URL(base).port), { method, target, headers })
}
