// The stand-in's own SigV4 check must be right for the proxy tests to mean anything: it accepts AWS's published
// test-suite requests (an implementation independent of @smithy/signature-v4) and refuses any changed byte.
import { describe, expect, it } from 'vitest'
import { verifySigV4, type ReceivedRequest } from './support/aws-standin.js'

const KEYS = new Map([
  ['AKIDEXAMPLE', { secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' }],
])
const NOW = { now: new Date('2015-08-30T12:36:00Z') }
const AUTH = 'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, '

// aws-sig-v4-test-suite: get-vanilla-query-order-key-case and post-x-www-form-urlencoded (signed body), as published.
const QUERY: ReceivedRequest = {
  method: 'GET',
  target: '/?Param2=value2&Param1=value1',
  headers: {
    host: 'example.amazonaws.com',
    'x-amz-date': '20150830T123600Z',
    authorization: `${AUTH}SignedHeaders=host;x-amz-date, Signature=b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500`,
  },
  body: Buffer.alloc(0),
}
const FORM: ReceivedRequest = {
  method: 'POST',
  target: '/',
  headers: {
    'content-type': 'application/x-www-form-urlencoded',
    host: 'example.amazonaws.com',
    'content-length': '13',
    'x-amz-content-sha256': '9095672bbd1f56dfc5b65f3e153adc8731a4a654192329106275f4c7b24d0b6e',
    'x-amz-date': '20150830T123600Z',
    authorization: `${AUTH}SignedHeaders=content-length;content-type;host;x-amz-content-sha256;x-amz-date, Signature=d3875051da38690788ef43de4db0d8f280229d82040bfac253562e56c3f20e0b`,
  },
  body: Buffer.from('Param1=value1'),
}

describe('the stand-in’s SigV4 check', () => {
  it('accepts the published requests', () => {
    expect(verifySigV4(QUERY, KEYS, NOW)).toMatchObject({ ok: true, service: 'service' })
    expect(verifySigV4(FORM, KEYS, NOW)).toMatchObject({ ok: true, region: 'us-east-1' })
  })

  it('refuses a changed query, body, header, key or time', () => {
    const refused = (request: ReceivedRequest, options = NOW) => verifySigV4(request, KEYS, options)
    expect(refused({ ...QUERY, target: '/?Param2=value2&Param1=value9' })).toEqual({
      ok: false,
      code: 'SignatureDoesNotMatch',
    })
    expect(refused({ ...FORM, body: Buffer.from('Param1=value2') })).toEqual({
      ok: false,
      code: 'XAmzContentSHA256Mismatch',
    })
    expect(
      refused({ ...FORM, headers: { ...FORM.headers, 'content-type': 'text/plain' } }),
    ).toEqual({ ok: false, code: 'SignatureDoesNotMatch' })
    expect(refused({ ...QUERY, headers: { ...QUERY.headers, 'x-amz-meta-extra': '1' } })).toEqual({
      ok: false,
      code: 'SignatureDoesNotMatch',
    })
    expect(verifySigV4(QUERY, new Map(), NOW)).toEqual({ ok: false, code: 'InvalidClientTokenId' })
    expect(refused(QUERY, { now: new Date('2015-08-30T13:00:00Z') })).toEqual({
      ok: false,
      code: 'RequestTimeTooSkewed',
    })
  })
})
