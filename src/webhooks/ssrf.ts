import { lookup as dnsLookup } from 'node:dns'
import { isIP } from 'node:net'
import {
  normalizeHost,
  parseTrusted,
  refuseAddress,
  refuseHostStatically,
  type TrustPolicy,
} from '../net/index.js'

/**
 * The webhook URL check at registration (docs/architecture.md §6): a URL whose host is, or resolves to, a loopback,
 * private, link-local, metadata or otherwise non-public address is refused with the reason, unless
 * KEYPORT_WEBHOOK_ALLOWED_HOSTS lists it. This is early feedback only: every send goes through the webhooks'
 * outbound client (src/net), which checks the address actually connected to, every time.
 */

/** KEYPORT_WEBHOOK_ALLOWED_HOSTS parsed: exact host names, addresses and CIDRs. */
export type AllowList = TrustPolicy

export function parseAllowList(entries: readonly string[]): AllowList {
  return parseTrusted(entries)
}

/** The URL's host as the socket sees it: lower case, IPv6 brackets removed (WHATWG already decoded 0x7f.1 etc.). */
export function hostOf(url: URL): string {
  return normalizeHost(url.hostname)
}

/** Refusals knowable without DNS: the scheme, credentials in the URL, address literals, local names. */
export function refuseStatically(url: URL, allow: AllowList): string | null {
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    return 'only http:// and https:// URLs are allowed'
  if (url.username || url.password) return 'the URL must not contain credentials'
  const host = hostOf(url)
  if (allow.hosts.has(host)) return null
  if (isIP(host) === 0 && (host === 'localhost' || host.endsWith('.localhost')))
    return `${host} is a loopback name`
  return refuseHostStatically(host, allow)
}

/** Refusal for one resolved address list, or null. */
export function refuseAddresses(
  host: string,
  addresses: readonly string[],
  allow: AllowList,
): string | null {
  for (const address of addresses) {
    const refusal = refuseAddress(host, address, allow)
    if (refusal) return refusal
  }
  return null
}

/**
 * The check at creation time: static refusals, then one DNS resolution (bounded). A name that does not resolve
 * yet is accepted; the client checks it again on every send.
 */
export async function refuseWebhookURL(
  raw: string,
  allow: AllowList,
  timeoutMs = 2000,
): Promise<string | null> {
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    return 'not a valid URL'
  }
  const refusal = refuseStatically(url, allow)
  if (refusal || isIP(hostOf(url)) !== 0 || allow.hosts.has(hostOf(url))) return refusal
  const host = hostOf(url)
  const addresses = await new Promise<string[]>((resolve) => {
    const timer = setTimeout(() => resolve([]), timeoutMs)
    dnsLookup(host, { all: true }, (err, results) => {
      clearTimeout(timer)
      resolve(err ? [] : results.map((r) => r.address))
    })
  })
  return refuseAddresses(host, addresses, allow)
}
