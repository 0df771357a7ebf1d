import { describe, expect, it } from 'vitest'
import { parseQuery, signSigV4, type SigV4Request } from './signer.js'

// AWS's Signature Version 4 test suite ("aws-sig-v4-test-suite", as kept in awslabs/aws-c-auth
// tests/aws-signing-test-suite/v4/<case>/header-signed-request.txt): every case signs with these credentials, region
// and service at 2015-08-30T12:36:00Z. Each vector below is the published signed request; the test strips what
// signing adds, signs the rest again and must produce the published Authorization header byte for byte.
const SUITE = {
  credentials: {
    accessKeyId: 'AKIDEXAMPLE',
    secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
  },
  region: 'us-east-1',
  service: 'service',
  now: new Date('2015-08-30T12:36:00Z'),
}

const VECTORS: Record<string, string> = {
  'get-vanilla': `GET / HTTP/1.1
Host:example.amazonaws.com
Authorization:AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31
X-Amz-Date:20150830T123600Z

`,
  'get-vanilla-query-order-key-case': `GET /?Param2=value2&Param1=value1 HTTP/1.1
Host:example.amazonaws.com
Authorization:AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500
X-Amz-Date:20150830T123600Z

`,
  'get-vanilla-query-unreserved': `GET /?-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz=-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz HTTP/1.1
Host:example.amazonaws.com
Authorization:AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=9c3e54bfcdf0b19771a7f523ee5669cdf59bc7cc0884027167c21bb143a40197
X-Amz-Date:20150830T123600Z

`,
  'get-vanilla-utf8-query': `GET /?ሴ=bar HTTP/1.1
Host:example.amazonaws.com
Authorization:AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=2cdec8eed098649ff3a119c94853b13c643bcf08f8b0a1d91e12c9027818dd04
X-Amz-Date:20150830T123600Z

`,
  'get-vanilla-empty-query-key': `GET /?Param1=value1 HTTP/1.1
Host:example.amazonaws.com
Authorization:AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=a67d582fa61cc504c4bae71f336f98b97f1ea3c7a6bfe1b6e45aec72011b9aeb
X-Amz-Date:20150830T123600Z

`,
  'get-unreserved': `GET /-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz HTTP/1.1
Host:example.amazonaws.com
Authorization:AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=07ef7494c76fa4850883e2b006601f940f8a34d404d0cfa977f52a65bbf5f24f
X-Amz-Date:20150830T123600Z

`,
  'get-utf8': `GET /ሴ HTTP/1.1
Host:example.amazonaws.com
Authorization:AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=8318018e0b0f223aa2bbf98705b62bb787dc9c0e678f255a891fd03141be5d85
X-Amz-Date:20150830T123600Z

`,
  'get-space-normalized': `GET /example space/ HTTP/1.1
Host:example.amazonaws.com
Authorization:AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=652487583200325589f1fba4c7e578f72c47cb61beeca81406b39ddec1366741
X-Amz-Date:20150830T123600Z

`,
  'get-slash-dot-slash-normalized': `GET /./ HTTP/1.1
Host:example.amazonaws.com
Authorization:AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31
X-Amz-Date:20150830T123600Z

`,
  'get-relative-relative-normalized': `GET /example1/example2/../.. HTTP/1.1
Host:example.amazonaws.com
Authorization:AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31
X-Amz-Date:20150830T123600Z

`,
  'get-slashes-normalized': `GET //example// HTTP/1.1
Host:example.amazonaws.com
Authorization:AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=9a624bd73a37c9a373b5312afbebe7a714a789de108f0bdfe846570885f57e84
X-Amz-Date:20150830T123600Z

`,
  'get-header-value-trim': `GET / HTTP/1.1
Host:example.amazonaws.com
My-Header1: value1
My-Header2: "a   b   c"
Authorization:AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;my-header1;my-header2;x-amz-date, Signature=acc3ed3afb60bb290fc8d2dd0098b9911fcaa05412b367055dee359757a9c736
X-Amz-Date:20150830T123600Z

`,
  'get-header-value-order': `GET / HTTP/1.1
Host:example.amazonaws.com
My-Header1:value4
My-Header1:value1
My-Header1:value3
My-Header1:value2
Authorization:AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;my-header1;x-amz-date, Signature=08c7e5a9acfcfeb3ab6b2185e75ce8b1deb5e634ec47601a50643f830c755c01
X-Amz-Date:20150830T123600Z

`,
  'get-header-key-duplicate': `GET / HTTP/1.1
Host:example.amazonaws.com
My-Header1:value2
My-Header1:value2
My-Header1:value1
Authorization:AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;my-header1;x-amz-date, Signature=c9d5ea9f3f72853aea855b47ea873832890dbdd183b4468f858259531a5138ea
X-Amz-Date:20150830T123600Z

`,
  'post-vanilla': `POST / HTTP/1.1
Host:example.amazonaws.com
Authorization:AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b
X-Amz-Date:20150830T123600Z

`,
  'post-x-www-form-urlencoded': `POST / HTTP/1.1
Content-Type:application/x-www-form-urlencoded
Host:example.amazonaws.com
Content-Length:13
x-amz-content-sha256:9095672bbd1f56dfc5b65f3e153adc8731a4a654192329106275f4c7b24d0b6e
Authorization:AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=content-length;content-type;host;x-amz-content-sha256;x-amz-date, Signature=d3875051da38690788ef43de4db0d8f280229d82040bfac253562e56c3f20e0b
X-Amz-Date:20150830T123600Z

Param1=value1`,
  'get-vanilla-with-session-token': `GET / HTTP/1.1
Host:example.amazonaws.com
Authorization:AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date;x-amz-security-token, Signature=07ec1639c89043aa0e3e2de82b96708f198cceab042d4a97044c66dd9f74e7f8
X-Amz-Date:20150830T123600Z
X-Amz-Security-Token:6e86291e8372ff2a2260956d9b8aae1d763fbf315fa00fa31553b73ebf194267

`,
}

/** The published request split into what goes into signing and what signing must produce. */
function parseVector(text: string) {
  const [head, body] = text.split('\n\n') as [string, string]
  const [requestLine, ...lines] = head.split('\n')
  const [method, target] = /^(\S+) (.*) HTTP\/1\.1$/.exec(requestLine!)!.slice(1) as [
    string,
    string,
  ]
  const at = target.indexOf('?')
  const headers: Record<string, string> = {}
  const produced: Record<string, string> = {}
  for (const line of lines) {
    const colon = line.indexOf(':')
    const name = line.slice(0, colon).toLowerCase()
    const value = line.slice(colon + 1)
    if (
      ['authorization', 'x-amz-date', 'x-amz-security-token', 'x-amz-content-sha256'].includes(name)
    )
      produced[name] = value
    // Repeated headers are one header whose values are joined by commas, in the order sent (RFC 9110 §5.3).
    else headers[name] = name in headers ? `${headers[name]},${value}` : value
  }
  const host = headers.host!
  delete headers.host
  const request: SigV4Request = {
    method,
    host,
    path: at === -1 ? target : target.slice(0, at),
    query: at === -1 ? '' : target.slice(at + 1),
    headers,
  }
  return { request, body, produced }
}

describe('signSigV4 against the aws-sig-v4-test-suite', () => {
  it.each(Object.keys(VECTORS))('%s', async (name) => {
    const { request, body, produced } = parseVector(VECTORS[name]!)
    const added = await signSigV4(request, {
      ...SUITE,
      credentials: { ...SUITE.credentials, sessionToken: produced['x-amz-security-token'] },
      payload: body === '' ? null : body,
      contentSha256Header: 'x-amz-content-sha256' in produced,
    })
    expect(added).toEqual(produced)
  })

  it('fails on a changed byte (the comparison is not vacuous)', async () => {
    const { request, produced } = parseVector(VECTORS['get-vanilla-query-order-key-case']!)
    const added = await signSigV4(
      { ...request, query: 'Param2=value2&Param1=value2' },
      { ...SUITE, payload: null, contentSha256Header: false },
    )
    expect(added.authorization).not.toBe(produced.authorization)
  })
})

describe('signSigV4 options', () => {
  const request: SigV4Request = {
    method: 'PUT',
    host: 'examplebucket.s3.amazonaws.com',
    path: '/photos/a%20b.jpg',
    query: '',
    headers: { 'content-type': 'image/jpeg' },
  }

  it('signs a streamed S3 body as UNSIGNED-PAYLOAD and the path as sent', async () => {
    const added = await signSigV4(request, {
      ...SUITE,
      service: 's3',
      payload: 'unsigned',
      s3Path: true,
    })
    expect(added['x-amz-content-sha256']).toBe('UNSIGNED-PAYLOAD')
    expect(added.authorization).toContain(
      'SignedHeaders=content-type;host;x-amz-content-sha256;x-amz-date,',
    )
    const doubled = await signSigV4(request, { ...SUITE, service: 's3', payload: 'unsigned' })
    expect(doubled.authorization).not.toBe(added.authorization)
  })

  it('hashes a body it holds, and never puts the secret key in a header', async () => {
    const added = await signSigV4(request, { ...SUITE, payload: Buffer.from('{"a":1}') })
    expect(added['x-amz-content-sha256']).toBe(
      '015abd7f5cc57a2dd94b7590f04ad8084273905ee33ec5cebeae62276a97f862',
    )
    expect(JSON.stringify(added)).not.toContain(SUITE.credentials.secretAccessKey)
  })
})

describe('parseQuery', () => {
  it('decodes names and values, keeps repeated names and a plus as a plus', () => {
    expect({ ...parseQuery('b=2&a=%2F&b=1&flag&c=x+y&bad=%E0') }).toEqual({
      b: ['2', '1'],
      a: '/',
      flag: '',
      c: 'x+y',
      bad: '%E0',
    })
  })
})
