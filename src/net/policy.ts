import { BlockList, isIP } from 'node:net'
import { METADATA_NAMES, isNonPublicAddress } from './addresses.js'

/**
 * Which non-public destinations one client may still reach: exact host names, addresses and CIDRs. Providers and
 * webhooks each get their own (KEYPORT_TRUSTED_PRIVATE_HOSTS, KEYPORT_WEBHOOK_ALLOWED_HOSTS), so trusting a
 * private GitLab never lets a webhook reach it, and the other way round.
 */
export interface TrustPolicy {
  hosts: ReadonlySet<string>
  addresses: BlockList
}

/** A host as sockets see it: lower case, IPv6 brackets and a trailing dot removed. */
export function normalizeHost(host: string): string {
  return host
    .toLowerCase()
    .replace(/^\[(.*)\]$/, '$1')
    .replace(/\.$/, '')
}

/** Parses trusted entries; throws on an entry that is neither a host name, an address nor a CIDR. */
export function parseTrusted(entries: readonly string[]): TrustPolicy {
  const hosts = new Set<string>()
  const addresses = new BlockList()
  for (const raw of entries) {
    const entry = normalizeHost(raw.trim())
    const [net = '', bits, extra] = entry.split('/')
    const family = isIP(net)
    const type = family === 4 ? 'ipv4' : 'ipv6'
    if (extra !== undefined) throw new Error(`"${raw}" is not a host name, address or CIDR`)
    if (family !== 0 && bits !== undefined) {
      const prefix = Number(bits)
      if (!/^\d{1,3}$/.test(bits) || prefix > (family === 4 ? 32 : 128))
        throw new Error(`"${raw}" has an invalid CIDR prefix`)
      addresses.addSubnet(net, prefix, type)
    } else if (family !== 0) addresses.addAddress(net, type)
    else if (bits === undefined && /^[a-z0-9_]([a-z0-9_.-]*[a-z0-9_])?$/.test(entry))
      hosts.add(entry)
    else throw new Error(`"${raw}" is not a host name, address or CIDR`)
  }
  return { hosts, addresses }
}

function addressTrusted(policy: TrustPolicy, ip: string): boolean {
  const family = isIP(ip)
  return family !== 0 && policy.addresses.check(ip, family === 4 ? 'ipv4' : 'ipv6')
}

/** Refusal of one address `host` resolved or connected to, or null when it is public or trusted. */
export function refuseAddress(host: string, ip: string, policy: TrustPolicy): string | null {
  if (policy.hosts.has(host) || !isNonPublicAddress(ip) || addressTrusted(policy, ip)) return null
  const target = host === ip ? ip : `${host} (${ip})`
  return `${target} is a private, loopback, link-local or otherwise non-public address`
}

/** What is knowable before any DNS: address literals (however spelled, once WHATWG-normalized) and metadata names. */
export function refuseHostStatically(host: string, policy: TrustPolicy): string | null {
  if (policy.hosts.has(host)) return null
  if (METADATA_NAMES.has(host)) return `${host} is a cloud metadata address`
  return isIP(host) !== 0 ? refuseAddress(host, host, policy) : null
}
