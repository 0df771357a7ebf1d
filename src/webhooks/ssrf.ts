import { lookup as dnsLookup, type LookupAddress } from 'node:dns'
import { BlockList, isIP } from 'node:net'

/**
 * The SSRF guard for webhook URLs (DESIGN.md section 5). A destination is refused when any address its host
 * resolves to is loopback, private (RFC 1918, ULA), link-local, CGNAT, a cloud metadata address, or otherwise
 * not globally routable — unless the host or address is in KEYPORT_WEBHOOK_ALLOWED_HOSTS. The check runs at send
 * time inside the socket's DNS lookup, so the address checked is the address connected to (no rebinding window).
 */
export class WebhookURLRefused extends Error {
  override name = 'WebhookURLRefused'
}

const DENIED = new BlockList()
for (const [net, prefix] of [
  ['0.0.0.0', 8], // "this network"
  ['10.0.0.0', 8], // RFC 1918
  ['100.64.0.0', 10], // CGNAT, RFC 6598 (also Alibaba's 100.100.100.200 metadata)
  ['127.0.0.0', 8], // loopback
  ['169.254.0.0', 16], // link-local, incl. 169.254.169.254 metadata (AWS, GCP, Azure, OCI)
  ['172.16.0.0', 12], // RFC 1918
  ['192.0.0.0', 24], // IETF protocol assignments
  ['192.0.2.0', 24], // TEST-NET-1
  ['192.88.99.0', 24], // 6to4 relay anycast
  ['192.168.0.0', 16], // RFC 1918
  ['198.18.0.0', 15], // benchmarking
  ['198.51.100.0', 24], // TEST-NET-2
  ['203.0.113.0', 24], // TEST-NET-3
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, incl. broadcast
] as const) {
  DENIED.addSubnet(net, prefix, 'ipv4')
}
for (const [net, prefix] of [
  ['::', 128], // unspecified
  ['::1', 128], // loopback
  ['::', 96], // IPv4-compatible (deprecated)
  ['100::', 64], // discard-only
  ['2001:db8::', 32], // documentation
  ['fc00::', 7], // unique local, incl. fd00:ec2::254 (AWS metadata over IPv6)
  ['fe80::', 10], // link-local
  ['fec0::', 10], // site-local (deprecated)
  ['ff00::', 8], // multicast
] as const) {
  DENIED.addSubnet(net, prefix, 'ipv6')
}

/** Names that mean a metadata service whatever they resolve to. */
const DENIED_NAMES = new Set([
  'metadata.google.internal',
  'metadata',
  'instance-data',
  'instance-data.ec2.internal',
])

/** The 16 bytes of an IPv6 address (`isIP(ip) === 6` must hold). WHATWG serialization turns any dotted tail into hex. */
function ipv6Bytes(ip: string): number[] {
  const text = new URL(`http://[${ip.split('%')[0]}]/`).hostname.slice(1, -1)
  const [head, tail] = text.includes('::') ? text.split('::') : [text, undefined]
  const groups = (s: string | undefined) => (s ? s.split(':').map((g) => parseInt(g, 16)) : [])
  const left = groups(head)
  const right = groups(tail)
  const words =
    tail === undefined
      ? left
      : [...left, ...new Array<number>(8 - left.length - right.length).fill(0), ...right]
  return words.flatMap((w) => [w >> 8, w & 0xff])
}

/** The IPv4 address an IPv6 address carries: IPv4-mapped (::ffff:a.b.c.d), NAT64 (64:ff9b::/96), 6to4 (2002::/16). */
export function embeddedIPv4(ip: string): string | null {
  const b = ipv6Bytes(ip)
  const zero = (from: number, to: number) => b.slice(from, to).every((x) => x === 0)
  if (zero(0, 10) && b[10] === 0xff && b[11] === 0xff) return b.slice(12).join('.')
  if (b[0] === 0x00 && b[1] === 0x64 && b[2] === 0xff && b[3] === 0x9b && zero(4, 12))
    return b.slice(12).join('.')
  if (b[0] === 0x20 && b[1] === 0x02) return b.slice(2, 6).join('.')
  return null
}

/** True for any address a webhook must not reach without an explicit allow-list entry. */
export function isNonPublicAddress(ip: string): boolean {
  const family = isIP(ip)
  if (family === 4) return DENIED.check(ip, 'ipv4')
  if (family === 6) {
    const v4 = embeddedIPv4(ip)
    if (v4 !== null) return DENIED.check(v4, 'ipv4')
    return DENIED.check(ip, 'ipv6')
  }
  return true // not an address at all: refuse
}

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
