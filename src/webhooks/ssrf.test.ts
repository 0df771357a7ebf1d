import { describe, expect, it } from 'vitest'
import { embeddedIPv4, isNonPublicAddress } from '../net/index.js'
import { parseAllowList, refuseStatically, refuseWebhookURL } from './ssrf.js'

const none = parseAllowList([])

describe('SSRF guard', () => {
  it.each([
    'http://127.0.0.1/hook',
    'http://127.1/hook', // short form
    'http://2130706433/hook', // decimal-encoded 127.0.0.1
    'http://0x7f000001/hook', // hex-encoded
    'http://017700000001/hook', // octal-encoded
    'http://0x7f.0.0.1/hook',
    'http://0/hook',
    'http://0.0.0.0/hook',
    'http://10.1.2.3/hook',
    'http://172.16.0.1/hook',
    'http://172.31.255.255/hook',
    'http://192.168.1.1/hook',
    'http://100.64.0.1/hook', // CGNAT
    'http://100.100.100.200/hook', // Alibaba metadata
    'http://169.254.169.254/latest/meta-data/', // AWS/GCP/Azure metadata
    'http://2852039166/hook', // decimal 169.254.169.254
    'http://[::1]/hook',
    'http://[::]/hook',
    'http://[::ffff:127.0.0.1]/hook', // IPv4-mapped
    'http://[::ffff:7f00:1]/hook', // IPv4-mapped, hex
    'http://[::ffff:169.254.169.254]/hook',
    'http://[0:0:0:0:0:ffff:a00:1]/hook', // mapped 10.0.0.1
    'http://[64:ff9b::a9fe:a9fe]/hook', // NAT64 of 169.254.169.254
    'http://[2002:7f00:1::]/hook', // 6to4 of 127.0.0.1
    'http://[fd00:ec2::254]/hook', // AWS metadata over IPv6
    'http://[fc00::1]/hook',
    'http://[fe80::1]/hook',
    'http://[ff02::1]/hook',
    'http://localhost:3000/hook',
    'http://api.localhost/hook',
    'http://metadata.google.internal/computeMetadata/v1/',
    'ftp://example.com/hook',
    'file:///etc/passwd',
    'http://user:pass@example.com/hook',
  ])('refuses %s', async (url) => {
    expect(await refuseWebhookURL(url, none)).not.toBeNull()
  })

  it.each([
    'https://hooks.example.com/keyport',
    'http://8.8.8.8/hook',
    'https://[2606:4700:4700::1111]/hook',
  ])('accepts %s statically', (url) => {
    expect(refuseStatically(new URL(url), none)).toBeNull()
  })

  it('classifies addresses', () => {
    expect(isNonPublicAddress('8.8.8.8')).toBe(false)
    expect(isNonPublicAddress('2606:4700:4700::1111')).toBe(false)
    expect(isNonPublicAddress('::ffff:8.8.8.8')).toBe(false)
    expect(isNonPublicAddress('::ffff:192.168.0.1')).toBe(true)
    expect(isNonPublicAddress('not-an-ip')).toBe(true)
    expect(embeddedIPv4('::ffff:7f00:1')).toBe('127.0.0.1')
    expect(embeddedIPv4('2001:4860::1')).toBeNull()
  })

  it('lets the allow-list through: host names, addresses and CIDRs', async () => {
    expect(
      await refuseWebhookURL('http://127.0.0.1:4000/hook', parseAllowList(['127.0.0.1'])),
    ).toBeNull()
    expect(
      await refuseWebhookURL('http://10.2.3.4/hook', parseAllowList(['10.0.0.0/8'])),
    ).toBeNull()
    expect(await refuseWebhookURL('http://[::1]:80/hook', parseAllowList(['::1']))).toBeNull()
    expect(
      await refuseWebhookURL('http://localhost:4000/hook', parseAllowList(['localhost'])),
    ).toBeNull()
    expect(
      await refuseWebhookURL('http://10.2.3.4/hook', parseAllowList(['127.0.0.1'])),
    ).not.toBeNull()
  })

  it('refuses a name that resolves to a private address', async () => {
    // "localhost." with a trailing dot resolves through the system resolver to loopback.
    expect(await refuseWebhookURL('http://localhost./hook', none)).toMatch(/loopback/)
  })
})
