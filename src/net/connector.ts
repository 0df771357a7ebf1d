import { lookup as dnsLookup, type LookupAddress } from 'node:dns'
import type { Socket } from 'node:net'
import { buildConnector } from 'undici'
import { OutboundRefused } from './errors.js'
import { normalizeHost, refuseAddress, refuseHostStatically, type TrustPolicy } from './policy.js'

type LookupCallback = (
  err: NodeJS.ErrnoException | null,
  address: string | LookupAddress[],
  family?: number,
) => void

/**
 * A `lookup` for net.connect / tls.connect: resolves once, refuses when any result is non-public and untrusted,
 * and hands the socket the very addresses it checked (no second resolution, so no DNS-rebinding window).
 */
export function guardedLookup(policy: TrustPolicy) {
  return (
    hostname: string,
    options: { family?: number | string; all?: boolean },
    callback: LookupCallback,
  ): void => {
    const host = normalizeHost(hostname)
    const family =
      options.family === 'IPv6' ? 6 : options.family === 'IPv4' ? 4 : Number(options.family ?? 0)
    // RFC 6761 §6.3: every *.localhost name is loopback, whether or not this resolver knows it.
    const name = host === 'localhost' || host.endsWith('.localhost') ? 'localhost' : hostname
    dnsLookup(name, { all: true, family: family as 0 | 4 | 6 }, (err, results) => {
      if (err) return callback(err, '')
      for (const { address } of results) {
        const refusal = refuseAddress(host, address, policy)
        if (refusal) return callback(new OutboundRefused(refusal, host), '')
      }
      if (options.all) return callback(null, results)
      return callback(null, results[0]!.address, results[0]!.family)
    })
  }
}

/**
 * undici's connector with the guard at its three points: before connecting (address literals in any spelling never
 * reach a lookup, and metadata names), inside the lookup (names), and on the connected socket's remoteAddress before
 * a byte is written (whatever path led there). A refusal destroys the socket and fails with OutboundRefused.
 */
export function guardedConnector(
  policy: TrustPolicy,
  options: {
    timeoutMs: number
    /** Tests only: an unguarded lookup, to prove the connected-address check stands on its own. */
    lookup?: typeof dnsLookup
  },
): buildConnector.connector {
  const lookup = options.lookup ?? guardedLookup(policy)
  const connect = buildConnector({ timeout: options.timeoutMs, lookup: lookup as never })
  return (opts, callback) => {
    const host = normalizeHost(opts.hostname)
    const early = refuseHostStatically(host, policy)
    if (early) {
      queueMicrotask(() => callback(new OutboundRefused(early, host), null))
      return
    }
    let refused: OutboundRefused | null = null
    const socket = connect(opts, (err, connected) => {
      if (refused) return callback(refused, null)
      if (err) return callback(err, null)
      callback(null, connected!)
    }) as unknown as Socket
    // Prepended so it runs before TLS starts its handshake on 'connect': nothing is sent to a refused address.
    socket.prependOnceListener('connect', () => {
      const refusal = refuseAddress(host, socket.remoteAddress ?? '', policy)
      if (refusal === null) return
      refused = new OutboundRefused(refusal, host)
      socket.destroy(refused)
    })
  }
}
