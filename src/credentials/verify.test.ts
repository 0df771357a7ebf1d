import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Verification } from '../catalog/index.js'
import { createOutboundClient } from '../net/index.js'
import { hostPlaceholders, verifyCredentials } from './verify.js'

describe('verification against a host the user typed', () => {
  const server = createServer((req, res) => {
    calls++
    res.statusCode = req.headers.authorization === 'Bearer good' ? 200 : 401
    res.end('{}')
  })
  let calls = 0
  let connections = 0
  let base = ''
  const strict = createOutboundClient({ trusted: [] })
  const trusting = createOutboundClient({ trusted: ['127.0.0.1'] })
  beforeAll(async () => {
    server.on('connection', () => connections++)
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  })
  afterAll(async () => {
    await Promise.all([strict.close(), trusting.close()])
    await new Promise<void>((resolve) => server.close(() => resolve()))
  })

  const selfHosted: Verification = {
    method: 'GET',
    url: '{baseURL:raw}/api/me',
    headers: { Authorization: 'Bearer {token}' },
  }

  it('knows which placeholders pick the host', () => {
    expect(hostPlaceholders(selfHosted.url)).toEqual(['baseURL'])
    expect(hostPlaceholders('https://{host:raw}/me')).toEqual(['host'])
    expect(hostPlaceholders('https://{subdomain}.zendesk.com/api/v2/users/me.json')).toEqual([
      'subdomain',
    ])
    expect(hostPlaceholders('https://api.example.com/{path:raw}')).toEqual([])
  })

  it('reports a refused destination as refused, without connecting', async () => {
    const before = connections
    const outcome = await verifyCredentials(strict.fetch, selfHosted, {
      baseURL: base,
      token: 'good',
    })
    expect(outcome).toMatchObject({ outcome: 'refused', status: null })
    expect(calls).toBe(0)
    expect(connections).toBe(before)
  })

  it('calls it when the providers client trusts the address, and reads the verdict', async () => {
    expect(
      await verifyCredentials(trusting.fetch, selfHosted, { baseURL: base, token: 'good' }),
    ).toMatchObject({ outcome: 'valid' })
    expect(
      await verifyCredentials(trusting.fetch, selfHosted, { baseURL: base, token: 'bad' }),
    ).toMatchObject({ outcome: 'rejected' })
  })
})
