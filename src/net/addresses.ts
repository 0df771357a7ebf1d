import { BlockList, isIP } from 'node:net'

// Which addresses are not the public internet. Shared by every outbound check: the connector, the webhook URL
// check at registration, and the host-field check at credential creation.

const DENIED = new BlockList()
for (const [net, prefix] of [
  ['0.0.0.0', 8], // "this network", incl. 0.0.0.0 (which Linux connects to loopback)
  ['10.0.0.0', 8], // RFC 1918
  ['100.64.0.0', 10], // CGNAT, RFC 6598 (also Alibaba's 100.100.100.200 metadata)
  ['127.0.0.0', 8], // loopback
  ['169.254.0.0', 16], // link-local, incl. 169.254.169.254 metadata (AWS, GCP, Azure, OCI)
  ['172.16.0.0', 12], // RFC 1918
  ['192.0.0.0', 24], // IETF protocol assignments, incl. 192.0.0.192 (Oracle metadata)
  ['192.0.2.0', 24], // TEST-NET-1
  ['192.31.196.0', 24], // AS112
  ['192.52.193.0', 24], // AMT
  ['192.88.99.0', 24], // 6to4 relay anycast
  ['192.168.0.0', 16], // RFC 1918
  ['192.175.48.0', 24], // AS112 direct delegation
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
  ['64:ff9b:1::', 48], // local-use NAT64, RFC 8215
  ['100::', 64], // discard-only
  ['2001::', 23], // IETF protocol assignments, incl. Teredo (2001::/32, the IPv4 inside is obfuscated)
  ['2001:db8::', 32], // documentation
  ['3fff::', 20], // documentation, RFC 9637
  ['5f00::', 16], // SRv6 SIDs
  ['fc00::', 7], // unique local, incl. fd00:ec2::254 (AWS metadata over IPv6)
  ['fe80::', 10], // link-local
  ['fec0::', 10], // site-local (deprecated)
  ['ff00::', 8], // multicast
] as const) {
  DENIED.addSubnet(net, prefix, 'ipv6')
}

/** Names that mean a cloud metadata service whatever they resolve to. */
export const METADATA_NAMES: ReadonlySet<string> = new Set([
  'metadata',
  'metadata.google.internal',
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

/** The IPv4 address an IPv6 address carries: IPv4-mapped (::ffff:0:0/96), NAT64 (64:ff9b::/96), 6to4 (2002::/16). */
export function embeddedIPv4(ip: string): string | null {
  const b = ipv6Bytes(ip)
  const zero = (from: number, to: number) => b.slice(from, to).every((x) => x === 0)
  if (zero(0, 10) && b[10] === 0xff && b[11] === 0xff) return b.slice(12).join('.')
  if (b[0] === 0x00 && b[1] === 0x64 && b[2] === 0xff && b[3] === 0x9b && zero(4, 12))
    return b.slice(12).join('.')
  if (b[0] === 0x20 && b[1] === 0x02) return b.slice(2, 6).join('.')
  return null
}

/**
 * True for any address that is not plainly the public internet. An IPv6 address carrying an IPv4 one is judged by
 * the IPv4 one (`::ffff:127.0.0.1` is loopback, `::ffff:8.8.8.8` is public: DNS64 networks reach public hosts so).
 */
export function isNonPublicAddress(ip: string): boolean {
  const family = isIP(ip)
  if (family === 4) return DENIED.check(ip, 'ipv4')
  if (family === 6) {
    const v4 = embeddedIPv4(ip)
    if (v4 !== null) return DENIED.check(v4, 'ipv4')
    return DENIED.check(ip.split('%')[0]!, 'ipv6')
  }
  return true // not an address at all: refuse
}
