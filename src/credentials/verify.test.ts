import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Verification } from '../catalog/index.js'
import { parseAllowList } from '../webhooks/index.js'
import { hostIsUserChosen, verifyCredentials } from './verify.js'

describe('verification against a host the user typed', () => {
  const server = createServer((req, res) => {
    calls++
    res.statusCode = req.headers.authorization === 'Bearer good' ? 200 : 401
    res.end('{}')
  })
  let calls = 0
  let base = ''
  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  })
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))

  const selfHosted: Verification = {
    method: 'GET',
    url: '{baseURL:raw}/api/me',
    headers: { Authorization: 'Bearer {token}' },
  }

  it('knows which checks aim at a user-chosen host', () => {
    expect(hostIsUserChosen(selfHosted)).toBe(true)
    expect(hostIsUserChosen({ method: 'GET', url: 'https://{host:raw}/me' })).toBe(true)
    expect(
      hostIsUserChosen({
        method: 'GET',
        url: 'https://{subdomain}.zendesk.com/api/v2/users/me.json',
      }),
    ).toBe(false)
    expect(hostIsUserChosen({ method: 'GET', url: 'https://api.example.com/{path:raw}' })).toBe(
      false,
    )
  })

  it('refuses a private or loopback destination without calling it', async () => {
    const before = calls
    const outcome = await verifyCredentials(fetch, selfHosted, { baseURL: base, token: 'good' })
    expect(outcome).toMatchObject({ outcome: 'unavailable', status: null })
    expect(outcome.outcome === 'unavailable' && outcome.reason).toMatch(/may not call/)
    expect(calls).toBe(before)
  })

  it('calls it when the host is allow-listed, and reads the verdict', async () => {
    const allow = parseAllowList(['127.0.0.1'])
    expect(
      await verifyCredentials(fetch, selfHosted, { baseURL: base, token: 'good' }, { allow }),
    ).toMatchObject({ outcome: 'valid' })
    expect(
      await verifyCredentials(fetch, selfHosted, { baseURL: base, token: 'bad' }, { allow }),
    ).toMatchObject({ outcome: 'rejected' })
  })
})
