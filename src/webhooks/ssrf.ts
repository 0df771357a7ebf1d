import { lookup as dnsLookup, type LookupAddress } from 'node:dns'
import { BlockList, isIP } from 'node:net'
import { METADATA_NAMES, embeddedIPv4, isNonPublicAddress } from '../net/index.js'

/**
 * The SSRF guard for webhook URLs (DESIGN.md section 5). A destination is refused when any address its host
 * resolves to is loopback, private (RFC 1918, ULA), link-local, CGNAT, a cloud metadata address, or otherwise
 * not globally routable — unless the host or address is in KEYPORT_WEBHOOK_ALLOWED_HOSTS. The check runs at send
 * time inside the socket's DNS lookup, so the address checked is the address connected to (no rebinding window).
 */
export class WebhookURLRefused extends Error {
  override name = 'WebhookURLRefused'
}

export { embeddedIPv4, isNonPublicAddress }
const DENIED_NAMES = METADATA_NAMES

/** KEYPORT_WEBHOOK_ALLOWED_HOSTS parsed: exact host names, addresses and CIDRs. */
export interface AllowList {
  hosts: ReadonlySet<string>
  addresses: BlockList
}

export function parseAllowList(entries: readonly string[]): AllowList {
  const hosts = new Set<string>()
  const addresses = new BlockList()
  for (const raw of entries) {
    const entry = raw
      .trim()
      .toLowerCase()
      .replace(/^\[(.*)\]$/, '$1')
    const [net, bits] = entry.split('/')
    const family = isIP(net!)
    if (family !== 0 && bits !== undefined)
      addresses.addSubnet(net!, Number(bits), family === 4 ? 'ipv4' : 'ipv6')
    else if (family !== 0) addresses.addAddress(net!, family === 4 ? 'ipv4' : 'ipv6')
    else hosts.add(entry)
  }
  return { hosts, addresses }
}

function addressAllowed(allow: AllowList, ip: string): boolean {
  const family = isIP(ip)
  return family !== 0 && allow.addresses.check(ip, family === 4 ? 'ipv4' : 'ipv6')
}

/** The URL's host as the socket sees it: lower case, IPv6 brackets removed (WHATWG already decoded 0x7f.1 etc.). */
export function hostOf(url: URL): string {
  return url.hostname
    .toLowerCase()
    .replace(/^\[(.*)\]$/, '$1')
    .replace(/\.$/, '')
}

/** Refusals knowable without DNS: the scheme, credentials in the URL, address literals, local names. */
export function refuseStatically(url: URL, allow: AllowList): string | null {
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    return 'only http:// and https:// URLs are allowed'
  if (url.username || url.password) return 'the URL must not contain credentials'
  const host = hostOf(url)
  if (allow.hosts.has(host)) return null
  if (DENIED_NAMES.has(host)) return `${host} is a cloud metadata address`
  if (isIP(host) !== 0) {
    if (isNonPublicAddress(host) && !addressAllowed(allow, host)) {
      return `${host} is a private, loopback, link-local or otherwise non-public address`
    }
    return null
  }
  if (host === 'localhost' || host.endsWith('.localhost')) return `${host} is a loopback name`
  return null
}

/** Refusal for one resolved address list, or null. */
export function refuseAddresses(
  host: string,
  addresses: readonly string[],
  allow: AllowList,
): string | null {
  if (allow.hosts.has(host)) return null
  const bad = addresses.find((a) => isNonPublicAddress(a) && !addressAllowed(allow, a))
  return bad === undefined
    ? null
    : `${host} resolves to ${bad}, a private, loopback, link-local or otherwise non-public address`
}

type LookupCallback = (
  err: NodeJS.ErrnoException | null,
  address: string | LookupAddress[],
  family?: number,
) => void

/**
 * A `lookup` for http.request / net.connect that resolves, refuses non-public results, and hands the socket the
 * very addresses it checked.
 */
export function guardedLookup(allow: AllowList) {
  return (
    hostname: string,
    options: { family?: number | string; all?: boolean },
    callback: LookupCallback,
  ): void => {
    const family =
      options.family === 'IPv6' ? 6 : options.family === 'IPv4' ? 4 : Number(options.family ?? 0)
    dnsLookup(hostname, { all: true, family: family as 0 | 4 | 6 }, (err, results) => {
      if (err) return callback(err, '')
      const host = hostname.toLowerCase().replace(/\.$/, '')
      const refusal = refuseAddresses(
        host,
        results.map((r) => r.address),
        allow,
      )
      if (refusal)
        return callback(
          Object.assign(new WebhookURLRefused(refusal), { code: 'EWEBHOOKREFUSED' }),
          '',
        )
      if (options.all) return callback(null, results)
      return callback(null, results[0]!.address, results[0]!.family)
    })
  }
}

/**
 * The check at creation time: static refusals, then one DNS resolution (bounded). A name that does not resolve
 * yet is accepted; it is checked again on every send.
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
