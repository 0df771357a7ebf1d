// Every answer the server writes carries {"error":{"code","message","requestId"}}, including those written before a
// route runs: the router's refusals (a bad percent-encoding, an over-long path parameter), Node's parser refusals
// (duplicate Content-Length, Content-Length with Transfer-Encoding, bad chunking, a header block over 16 KB, no
// Host), CONNECT, and the 404s. Sent over a raw socket, since an HTTP client would refuse to send most of them.
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { TEST_DATABASES } from './support/databases.js'
import { startHarness, type Harness } from './support/harness.js'
import { sendRaw, type RawResponse } from './support/raw-http.js'

const LONG = 'a'.repeat(5000)

const CASES: Array<{
  name: string
  request: (key: string) => string
  status: number
  code: string
}> = [
  {
    name: 'a bad percent-encoding in a path parameter',
    request: (key) => `GET /v1/users/%ff HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${key}\r\n`,
    status: 400,
    code: 'invalid_request',
  },
  {
    name: 'a bad percent-encoding outside any route',
    request: () => `GET /%ff%fe HTTP/1.1\r\nHost: x\r\n`,
    status: 400,
    code: 'invalid_request',
  },
  {
    name: 'a path parameter over 100 characters',
    request: (key) =>
      `GET /v1/users/${LONG} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${key}\r\n`,
    status: 414,
    code: 'uri_too_long',
  },
  {
    name: 'duplicate Content-Length',
    request: () =>
      'POST /v1/users HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n{}',
    status: 400,
    code: 'invalid_request',
  },
  {
    name: 'Content-Length with Transfer-Encoding',
    request: () =>
      'POST /v1/users HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n',
    status: 400,
    code: 'invalid_request',
  },
  {
    name: 'a bad chunk size',
    request: (key) =>
      `POST /v1/users HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${key}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n`,
    status: 400,
    code: 'invalid_request',
  },
  {
    name: 'a header block over 16 KB',
    request: () => `GET /v1/users HTTP/1.1\r\nHost: x\r\nX-Big: ${'b'.repeat(17_000)}\r\n`,
    status: 431,
    code: 'headers_too_large',
  },
  {
    name: 'a garbled request line',
    request: () => `G@T /v1/users HTTP/1.1\r\nHost: x\r\n`,
    status: 400,
    code: 'invalid_request',
  },
  {
    name: 'an HTTP/1.1 request without Host',
    request: () => `GET /v1/users HTTP/1.1\r\n`,
    status: 400,
    code: 'invalid_request',
  },
  {
    name: 'CONNECT',
    request: () => `CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n`,
    status: 400,
    code: 'invalid_request',
  },
  {
    name: 'no such route',
    request: () => `GET /${LONG} HTTP/1.1\r\nHost: x\r\n`,
    status: 404,
    code: 'not_found',
  },
  {
    name: "the demo's token without a default workspace",
    request: () =>
      'POST /demo/token HTTP/1.1\r\nHost: localhost:3000\r\nOrigin: http://localhost:3000\r\nContent-Length: 0\r\n',
    status: 404,
    code: 'not_found',
  },
]

function expectEnvelope(response: RawResponse, status: number, code: string): void {
  expect(response.status, response.raw.slice(0, 300)).toBe(status)
  expect(response.headers['content-type']).toMatch(/^application\/json/)
  const body = JSON.parse(response.body)
  expect(body).toEqual({
    error: { code, message: expect.any(String), requestId: expect.stringMatching(/^req_/) },
  })
  expect(response.headers['x-request-id']).toBe(body.error.requestId)
  // The request is not mirrored back (a 404 names at most 100 characters of the path).
  expect(response.raw).not.toContain('a'.repeat(101))
  expect(response.raw).not.toContain('b'.repeat(10))
}

describe.each(TEST_DATABASES)('the error envelope on $name', (database) => {
  let h: Harness
  let port: number

  beforeAll(async () => {
    h = await startHarness(database, { demo: true })
    await h.app.listen({ port: 0, host: '127.0.0.1' })
    port = (h.app.server.address() as AddressInfo).port
  })
  afterAll(async () => h?.close())

  for (const c of CASES) {
    it(`answers ${c.name} with ${c.status} ${c.code}`, async () => {
      const raw = c.request(h.apiKey)
      const response = await sendRaw(
        port,
        raw.includes('\r\n\r\n')
          ? raw.replace('\r\n\r\n', '\r\nConnection: close\r\n\r\n')
          : `${raw}Connection: close\r\n\r\n`,
      )
      expectEnvelope(response, c.status, c.code)
    })
  }

  it('keeps serving after each refusal', async () => {
    const response = await h.request('GET', '/v1/users')
    expect(response.statusCode).toBe(200)
  })
})
