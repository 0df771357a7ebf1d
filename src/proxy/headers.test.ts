import { describe, expect, it } from 'vitest'
import { forwardedRequestHeaders, returnedResponseHeaders } from './headers.js'

describe('forwardedRequestHeaders', () => {
  it('drops credentials for Keyport, hop-by-hop, Proxy-*, Keyport-*, forwarding fields and injected names', () => {
    const out = forwardedRequestHeaders(
      {
        authorization: 'Bearer kp_x',
        cookie: 'a=b',
        host: 'keyport',
        connection: 'close, x-private',
        'x-private': '1',
        'transfer-encoding': 'chunked',
        'proxy-authorization': 'x',
        'keyport-retry': '429',
        'x-forwarded-for': '1.2.3.4',
        forwarded: 'for=1.2.3.4',
        expect: '100-continue',
        'x-api-key': 'caller',
        accept: 'application/json',
        'content-length': '10',
      },
      { 'x-api-key': 'injected', constructor: 'injected too' },
    )
    expect(out).toEqual({
      accept: 'application/json',
      'content-length': '10',
      'x-api-key': 'injected',
      constructor: 'injected too',
    })
  })

  it('keeps a caller field whose name is an Object.prototype property when nothing is injected under it', () => {
    expect(forwardedRequestHeaders({ constructor: 'x', 'x-a': '1' }, {})).toEqual({
      constructor: 'x',
      'x-a': '1',
    })
  })
})

describe('returnedResponseHeaders', () => {
  it('drops Set-Cookie, Alt-Svc, hop-by-hop and Keyport-* fields, keeps the rest', () => {
    const out = returnedResponseHeaders({
      'set-cookie': ['a=b'],
      'alt-svc': 'h3=":443"',
      'transfer-encoding': 'chunked',
      'keyport-proxied': '0',
      'content-type': 'application/json',
      'x-ratelimit-remaining': '9',
      'www-authenticate': 'Bearer',
    })
    expect(out).toEqual({
      'content-type': 'application/json',
      'x-ratelimit-remaining': '9',
      'www-authenticate': 'Bearer',
    })
  })
})
