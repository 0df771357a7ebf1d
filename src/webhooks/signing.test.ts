import { Webhook } from 'standardwebhooks'
import { describe, expect, it } from 'vitest'
import { newWebhookSecret, signedHeaders } from './signing.js'

describe('Standard Webhooks signing', () => {
  it('produces signatures the standardwebhooks package verifies', () => {
    const secret = newWebhookSecret()
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/)
    const body = JSON.stringify({
      id: 'evt_1',
      type: 'webhook.test',
      createdAt: '2026-01-01T00:00:00.000Z',
      data: {},
    })
    const ts = Math.floor(Date.now() / 1000)
    const headers = signedHeaders([secret], 'evt_1', ts, body)
    expect(new Webhook(secret).verify(body, { ...headers })).toEqual(JSON.parse(body))
  })

  it('signs with both secrets during a rotation, and each verifies', () => {
    const [current, previous] = [newWebhookSecret(), newWebhookSecret()]
    const body = '{"x":1}'
    const headers = signedHeaders([current, previous], 'evt_2', Math.floor(Date.now() / 1000), body)
    expect(headers['webhook-signature'].split(' ')).toHaveLength(2)
    expect(new Webhook(current).verify(body, { ...headers })).toEqual({ x: 1 })
    expect(new Webhook(previous).verify(body, { ...headers })).toEqual({ x: 1 })
    expect(() => new Webhook(newWebhookSecret()).verify(body, { ...headers })).toThrow()
    expect(() => new Webhook(current).verify('{"x":2}', { ...headers })).toThrow()
  })
})
