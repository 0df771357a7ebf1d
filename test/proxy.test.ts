// ANY /v1/proxy/{credentialId}/{path} against a stand-in API on loopback: injection per auth style, what is and is
// not forwarded either way, every spelling of a path that tries to leave the base URL, Keyport's refusals in the
// error envelope, limits, streaming both ways, Keyport-Retry, the 401 re-check, audit rows and canaries.
import { Writable } from 'node:stream'
import { pino } from 'pino'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { credentialSecretContext } from '../src/credentials/index.js'
import { sealJSON } from '../src/crypto/index.js'
import { loggerOptions } from '../src/logger.js'
import { updateCredentialIfVersion } from '../src/store/index.js'
import { createUserCredential } from './support/credentials.js'
import { TEST_DATABASES } from './support/databases.js'
import { startHarness, type Harness } from './support/harness.js'
import { rawRequest } from './support/raw-request.js'
import {
  GOOD_KEY,
  startUpstream,
  writeProxyCatalog,
  type Upstream,
} from './support/proxy-upstream.js'

const TIMEOUT_MS = 1500
const MAX_BODY = 256 * 1024

describe.each(TEST_DATABASES)('proxy on $name', (database) => {
  let h: Harness
  let upstream: Upstream
  let log = ''
  const creds: Record<string, string> = {}
  let user = 0

  async function credential(app: string, data: Record<string, string>): Promise<string> {
    return (await createUserCredential(h, { username: `px-${user++}`, app, data })).credentialId
  }

  beforeAll(async () => {
    upstream = await startUpstream()
    const sink = new Writable({
      write(chunk, _encoding, done) {
        log += chunk.toString()
        done()
      },
    })
    h = await startHarness(database, {
      catalogDirs: [writeProxyCatalog(upstream.origin)],
      build: { logger: pino(loggerOptions('trace'), sink) },
      trustedPrivateHosts: ['127.0.0.1'],
      proxySettings: {
        timeoutMs: TIMEOUT_MS,
        maxBodyBytes: MAX_BODY,
        maxConcurrentPerCredential: 3,
      },
    })
    upstream.on('/me', (req, res) =>
      res.writeHead(req.headers['x-api-key'] === GOOD_KEY ? 200 : 401).end('{}'),
    )
    creds.header = await credential('px-header', { apiKey: GOOD_KEY })
    creds.query = await credential('px-query', { apiKey: GOOD_KEY })
    creds.template = await credential('px-template', { apiKey: GOOD_KEY })
    creds.basic = await credential('px-basic', { username: 'ann', password: GOOD_KEY })
  })
  afterAll(async () => {
    await h?.close()
    await upstream?.close()
  })

  const proxy = (
    method: string,
    credentialId: string,
    path: string,
    options: Parameters<Harness['request']>[2] = {},
  ) => h.request(method, `/v1/proxy/${credentialId}/${path}`, options)

  const last = () => upstream.seen[upstream.seen.length - 1]!

  describe('injection', () => {
    it.each([
      [
        'header',
        (r: typeof last extends () => infer R ? R : never) => r.headers['x-api-key'],
        GOOD_KEY,
      ],
      [
        'template',
        (r: ReturnType<typeof last>) => r.headers.authorization,
        `Token token=${GOOD_KEY}`,
      ],
      [
        'basic',
        (r: ReturnType<typeof last>) => r.headers.authorization,
        `Basic ${Buffer.from(`ann:${GOOD_KEY}`).toString('base64')}`,
      ],
    ])('injects the %s style and keeps path and query as sent', async (style, read, expected) => {
      const response = await proxy(
        'GET',
        creds[style]!,
        'v1/customers/cus%20x?limit=3&b=%2F&a=1&a=2',
      )
      expect(response.statusCode).toBe(200)
      expect(response.headers['keyport-proxied']).toBe('1')
      expect(response.headers['x-upstream']).toBe('yes')
      expect(last().url).toBe('/api/v1/customers/cus%20x?limit=3&b=%2F&a=1&a=2')
      expect(read(last())).toBe(expected)
    })

    it('injects the query style, replacing a parameter of that name the caller sent', async () => {
      const response = await proxy('GET', creds.query!, 'v1/items?api_key=attacker&x=1')
      expect(response.statusCode).toBe(200)
      expect(last().url).toBe(`/api/v1/items?x=1&api_key=${GOOD_KEY}`)
    })

    it('keeps an encoded slash encoded (GitLab project paths) and encodes @', async () => {
      expect(
        (await proxy('GET', creds.header!, 'projects/group%2Fproject/users/a@b.example'))
          .statusCode,
      ).toBe(200)
      expect(last().url).toBe('/api/projects/group%2Fproject/users/a%40b.example')
      expect(last().headers.host).toBe(new URL(upstream.origin).host)
    })

    it('forwards the caller’s headers but never its credentials, cookies, Proxy-* or Keyport-*', async () => {
      await proxy('POST', creds.header!, 'echo', {
        body: { a: 1 },
        headers: {
          'x-api-key': 'attacker-key',
          cookie: 'session=caller',
          'proxy-authorization': 'Basic eA==',
          'keyport-something': '1',
          'x-forwarded-for': '10.0.0.1',
          'x-custom': 'kept',
          'user-agent': 'caller-agent',
          connection: 'x-drop-me',
          'x-drop-me': 'hop',
        },
      })
      const seen = last()
      expect(seen.headers['x-api-key']).toBe(GOOD_KEY)
      expect(seen.headers['x-custom']).toBe('kept')
      expect(seen.headers['user-agent']).toBe('caller-agent')
      expect(seen.headers['content-type']).toBe('application/json')
      for (const name of [
        'cookie',
        'proxy-authorization',
        'keyport-something',
        'x-forwarded-for',
        'x-drop-me',
      ])
        expect(seen.headers[name]).toBeUndefined()
      expect(seen.body).toBe('{"a":1}')
      // The API key for Keyport itself never reaches the provider.
      expect(JSON.stringify(seen.headers)).not.toContain(h.apiKey)
    })

    it('passes the answer back as it is, minus Set-Cookie and hop-by-hop headers', async () => {
      upstream.on('/answer', (_req, res) =>
        res
          .writeHead(418, {
            'content-type': 'text/plain',
            'set-cookie': 'tracking=1',
            'x-rate-limit-remaining': '9',
            'keyport-proxied': 'spoofed',
            connection: 'keep-alive',
          })
          .end('short and stout'),
      )
      const response = await proxy('GET', creds.header!, 'answer')
      expect(response.statusCode).toBe(418)
      expect(response.body).toBe('short and stout')
      expect(response.headers['keyport-proxied']).toBe('1')
      expect(response.headers['x-rate-limit-remaining']).toBe('9')
      expect(response.headers['set-cookie']).toBeUndefined()
    })

    it('sends HEAD, PUT, PATCH and DELETE as they are', async () => {
      for (const method of ['HEAD', 'PUT', 'PATCH', 'DELETE']) {
        const response = await proxy(method, creds.header!, 'things/1')
        expect(response.statusCode).toBe(200)
        expect(last().method).toBe(method)
      }
    })
  })

  describe('Keyport’s refusals', () => {
    it('is documented in the OpenAPI document with its refusals', async () => {
      const doc = (await h.request('GET', '/openapi.json', { apiKey: null })).json() as {
        paths: Record<string, Record<string, { responses: Record<string, unknown> }>>
      }
      const path = Object.keys(doc.paths).find((p) => p.startsWith('/v1/proxy/{credentialId}/'))!
      expect(Object.keys(doc.paths[path]!).sort()).toEqual([
        'delete',
        'get',
        'head',
        'patch',
        'post',
        'put',
      ])
      expect(Object.keys(doc.paths[path]!.get!.responses)).toEqual(
        expect.arrayContaining(['400', '401', '404', '409', '413', '422', '429', '502', '504']),
      )
    })

    it('needs an API key', async () => {
      const response = await proxy('GET', creds.header!, 'x', { apiKey: null })
      expect(response.statusCode).toBe(401)
      expect(response.json().error.code).toBe('unauthorized')
    })

    it('answers 404 for an unknown credential and for another workspace’s', async () => {
      const before = upstream.seen.length
      for (const [id, apiKey] of [
        ['cred_nope', h.apiKey],
        [creds.header!, h.otherApiKey],
      ] as const) {
        const response = await proxy('GET', id, 'x', { apiKey })
        expect(response.statusCode).toBe(404)
        expect(response.json().error.code).toBe('credential_not_found')
        expect(response.headers['keyport-proxied']).toBeUndefined()
      }
      expect(upstream.seen.length).toBe(before)
    })

    it('answers 409 credential_expired for an expired credential', async () => {
      const id = await credential('px-header', { apiKey: GOOD_KEY })
      await h.store.db
        .updateTable('credential')
        .set({ status: 'expired' })
        .where('id', '=', id)
        .execute()
      const response = await proxy('GET', id, 'x')
      expect(response.statusCode).toBe(409)
      expect(response.json().error.code).toBe('credential_expired')
    })

    it('answers 422 app_not_proxyable for an app whose API cannot be proxied', async () => {
      const id = await credential('px-unproxyable', { apiKey: GOOD_KEY })
      const response = await proxy('GET', id, 'x')
      expect(response.statusCode).toBe(422)
      expect(response.json().error.code).toBe('app_not_proxyable')
      expect(response.json().error.message).toContain('signed')
    })

    it('answers 422 proxy_host_not_allowed when the filled base URL names a host outside the app’s', async () => {
      const id = await credential('px-hosted', { host: 'evil.example.com', apiKey: GOOD_KEY })
      const response = await proxy('GET', id, 'x')
      expect(response.statusCode).toBe(422)
      expect(response.json().error.code).toBe('proxy_host_not_allowed')
    })

    it('answers 422 proxy_host_not_allowed for an API on a private address nobody trusted', async () => {
      const id = await credential('px-private', { apiKey: GOOD_KEY })
      const response = await proxy('GET', id, 'x')
      expect(response.statusCode).toBe(422)
      expect(response.json().error.code).toBe('proxy_host_not_allowed')
      expect(response.headers['keyport-proxied']).toBeUndefined()
    })

    it('refuses an invalid Keyport-Retry and a method it does not proxy', async () => {
      const bad = await proxy('GET', creds.header!, 'x', { headers: { 'keyport-retry': '500' } })
      expect(bad.statusCode).toBe(400)
      expect(bad.json().error.code).toBe('invalid_request')
      const options = await proxy('OPTIONS', creds.header!, 'x')
      expect(options.statusCode).toBe(404)
      expect(options.headers['keyport-proxied']).toBeUndefined()
    })

    it('answers 504 upstream_timeout when the provider does not answer in time', async () => {
      upstream.on('/slow', () => undefined) // never answers
      const response = await proxy('GET', creds.header!, 'slow')
      expect(response.statusCode).toBe(504)
      expect(response.json().error.code).toBe('upstream_timeout')
      expect(response.headers['keyport-proxied']).toBeUndefined()
    })

    it('answers 502 upstream_unreachable when the provider resets the connection', async () => {
      upstream.on('/reset', (req) => req.socket.destroy())
      const response = await proxy('GET', creds.header!, 'reset')
      expect(response.statusCode).toBe(502)
      expect(response.json().error.code).toBe('upstream_unreachable')
    })

    it('answers 413 for a body over the limit, declared or streamed, before or without sending it whole', async () => {
      const before = upstream.seen.length
      const declared = await proxy('POST', creds.header!, 'upload', {
        body: 'x'.repeat(MAX_BODY + 1),
        headers: { 'content-type': 'text/plain' },
      })
      expect(declared.statusCode).toBe(413)
      expect(declared.json().error.code).toBe('payload_too_large')
      expect(upstream.seen.length).toBe(before)
    })

    it('answers 429 past the concurrent requests allowed per credential', async () => {
      const held: (() => void)[] = []
      upstream.on('/hold', (_req, res) => held.push(() => res.writeHead(200).end('{}')))
      const inFlight = [1, 2, 3].map(() => proxy('GET', creds.template!, 'hold'))
      while (held.length < 3) await new Promise((r) => setTimeout(r, 10))
      const refused = await proxy('GET', creds.template!, 'hold')
      expect(refused.statusCode).toBe(429)
      expect(refused.json().error.code).toBe('rate_limited')
      expect(refused.headers['retry-after']).toBe('1')
      // Another credential is not held up by this one.
      expect((await proxy('GET', creds.header!, 'x')).statusCode).toBe(200)
      for (const release of held) release()
      expect((await Promise.all(inFlight)).map((r) => r.statusCode)).toEqual([200, 200, 200])
      expect((await proxy('GET', creds.template!, 'x')).statusCode).toBe(200)
    })
  })

  describe('Keyport-Retry', () => {
    it('retries an idempotent request on 503 honouring Retry-After, and only when asked', async () => {
      let calls = 0
      upstream.on('/flaky', (_req, res) => {
        calls++
        if (calls % 3 !== 0) res.writeHead(503, { 'retry-after': '0' }).end('busy')
        else res.writeHead(200).end('ok')
      })
      const asked = await proxy('GET', creds.header!, 'flaky', {
        headers: { 'keyport-retry': '429, 503' },
      })
      expect(asked.statusCode).toBe(200)
      expect(calls).toBe(3)
      const notAsked = await proxy('GET', creds.header!, 'flaky')
      expect(notAsked.statusCode).toBe(503)
      expect(notAsked.headers['keyport-proxied']).toBe('1')
      const post = await proxy('POST', creds.header!, 'flaky', {
        body: { a: 1 },
        headers: { 'keyport-retry': '503' },
      })
      expect(post.statusCode).toBe(503) // never sent twice: POST is not idempotent
      expect(calls).toBe(5)
    })

    it('gives up when Retry-After asks for longer than the bounded wait', async () => {
      let calls = 0
      upstream.on('/later', (_req, res) => {
        calls++
        res.writeHead(429, { 'retry-after': '3600' }).end('later')
      })
      const response = await proxy('GET', creds.header!, 'later', {
        headers: { 'keyport-retry': '429' },
      })
      expect(response.statusCode).toBe(429)
      expect(response.headers['keyport-proxied']).toBe('1')
      expect(calls).toBe(1)
    })
  })

  describe('a 401 on a key', () => {
    it('re-checks through the verification and expires only a key the provider rejects', async () => {
      let accept = true
      upstream.on('/me', (req, res) =>
        res.writeHead(accept && req.headers['x-api-key'] === GOOD_KEY ? 200 : 401).end('{}'),
      )
      upstream.on('/forbidden-here', (_req, res) => res.writeHead(401).end('{}'))
      const id = await credential('px-verified', { apiKey: GOOD_KEY })
      const first = await proxy('GET', id, 'forbidden-here')
      expect(first.statusCode).toBe(401)
      expect(first.headers['keyport-proxied']).toBe('1')
      await h.deps.proxy.settle()
      expect((await h.request('GET', `/v1/credentials/${id}`)).json().status).toBe('active')

      const other = await credential('px-verified', { apiKey: GOOD_KEY })
      accept = false
      expect((await proxy('GET', other, 'forbidden-here')).statusCode).toBe(401)
      await h.deps.proxy.settle()
      expect((await h.request('GET', `/v1/credentials/${other}`)).json().status).toBe('expired')
    })
  })

  describe('opened credentials kept per row version', () => {
    /** What another node (or the secret's owner, through any use case) does: a new sealed key, version + 1. */
    async function rotateKey(id: string, apiKey: string, options = { bumpVersion: true }) {
      const row = (await h.deps.readCredential(h.workspaceId, id))!
      const secretSealed = sealJSON(
        h.deps.keyring,
        { kind: 'fields', fields: { apiKey } },
        credentialSecretContext(h.workspaceId, id),
      )
      if (options.bumpVersion)
        expect(
          await updateCredentialIfVersion(h.store.db, h.workspaceId, id, row.version, {
            secretSealed,
          }),
        ).toBe(true)
      else
        await h.store.db
          .updateTable('credential')
          .set({ secretSealed })
          .where('id', '=', id)
          .execute()
    }
    const sentKey = async (id: string) => {
      expect((await proxy('GET', id, 'v1/which')).statusCode).toBe(200)
      return last().headers['x-api-key']
    }

    it('sends the key of the row version it read, whichever node changed the row', async () => {
      const id = await credential('px-header', { apiKey: GOOD_KEY })
      expect(await sentKey(id)).toBe(GOOD_KEY)
      expect(await sentKey(id)).toBe(GOOD_KEY)
      // Written behind this node's back, as another node would: only the version tells, and it is read every time.
      await rotateKey(id, 'pk_rotated_1')
      expect(await sentKey(id)).toBe('pk_rotated_1')
      await rotateKey(id, 'pk_rotated_2')
      expect(await sentKey(id)).toBe('pk_rotated_2')
    })

    it('reuses the open for an unchanged version, and still refuses a deleted or expired credential', async () => {
      const id = await credential('px-header', { apiKey: GOOD_KEY })
      expect(await sentKey(id)).toBe(GOOD_KEY)
      // No code path changes a secret without a new version; doing it here shows the open is not repeated.
      await rotateKey(id, 'pk_unseen', { bumpVersion: false })
      expect(await sentKey(id)).toBe(GOOD_KEY)

      await h.store.db
        .updateTable('credential')
        .set({ status: 'expired' })
        .where('id', '=', id)
        .execute()
      expect((await proxy('GET', id, 'v1/which')).json().error.code).toBe('credential_expired')
      await h.store.db
        .updateTable('credential')
        .set({ status: 'active' })
        .where('id', '=', id)
        .execute()
      expect((await h.request('DELETE', `/v1/credentials/${id}`)).statusCode).toBe(204)
      const before = upstream.seen.length
      expect((await proxy('GET', id, 'v1/which')).statusCode).toBe(404)
      expect(upstream.seen.length).toBe(before)
    })
  })

  describe('streaming over a real socket', () => {
    let base: string
    beforeAll(async () => {
      await h.app.listen({ port: 0, host: '127.0.0.1' })
      const address = h.app.server.address() as { port: number }
      base = `http://127.0.0.1:${address.port}`
    })

    describe('paths that try to leave the base URL (sent byte for byte)', () => {
      it.each([
        '..',
        '../x',
        'a/../../x',
        '%2e%2e/x',
        '%2E%2E/x',
        '.%2e/x',
        '%2e./x',
        '%252e%252e/x',
        '%25252e%25252e/x',
        'a/%2e%2e%2f%2e%2e/x',
        'a%2F..%2F..%2Fx',
        '..%5cx',
        '%5c%5cevil.example/x',
        'a\\b',
        './x',
        'x/.',
        '%2e/x',
        '//evil.example/x',
        'x//y',
        'https://evil.example/x',
        'http:evil.example/x',
        'HTTPS:/evil.example',
        'javascript:alert(1)',
        'x%00y',
        'x%0d%0aHost:%20evil',
        '%zz',
        'x%',
      ])('refuses %s with 400 invalid_proxy_path, sending nothing', async (path) => {
        const before = upstream.seen.length
        const response = await rawRequest(base, 'GET', `/v1/proxy/${creds.header}/${path}`, {
          authorization: `Bearer ${h.apiKey}`,
        })
        expect(response.status).toBe(400)
        // A malformed percent-encoding is refused by Fastify's router already: still a 400, still nothing sent.
        if (!/%zz|%$/.test(path))
          expect(JSON.parse(response.body).error.code).toBe('invalid_proxy_path')
        expect(response.headers['keyport-proxied']).toBeUndefined()
        expect(upstream.seen.length).toBe(before)
      })

      it.each([
        (id: string) => `http://any.example/v1/proxy/${id}/a/b.json`,
        (id: string) => `//v1/proxy/${id}/a/b.json`,
        (id: string) => `/%761/proxy/${id}/a/b.json`,
        (id: string) => `/v1/proxy/./${id}/a/b.json`,
      ])(
        'refuses another spelling of the route (%#) rather than cutting the path wrongly',
        async (spell) => {
          const before = upstream.seen.length
          const response = await rawRequest(base, 'GET', spell(creds.header!), {
            authorization: `Bearer ${h.apiKey}`,
          })
          expect(response.status).toBeGreaterThanOrEqual(400)
          expect(response.status).toBeLessThan(500)
          expect(response.headers['keyport-proxied']).toBeUndefined()
          expect(upstream.seen.length).toBe(before)
        },
      )

      it('sends a plain path through byte for byte', async () => {
        const response = await rawRequest(
          base,
          'GET',
          `/v1/proxy/${creds.header}/a/b.json?x=%2e%2e`,
          {
            authorization: `Bearer ${h.apiKey}`,
          },
        )
        expect(response.status).toBe(200)
        expect(last().url).toBe('/api/a/b.json?x=%2e%2e')
      })
    })

    it('streams the answer: the first bytes arrive while the provider is still sending', async () => {
      let finish: () => void = () => undefined
      const finishing = new Promise<void>((r) => (finish = r))
      upstream.on('/download', async (_req, res) => {
        res.writeHead(200, { 'content-type': 'application/octet-stream' })
        res.write(Buffer.alloc(64 * 1024, 1))
        await finishing // the rest only once the caller has the first chunk
        for (let i = 0; i < 32; i++) res.write(Buffer.alloc(64 * 1024, 2))
        res.end()
      })
      const response = await fetch(`${base}/v1/proxy/${creds.header}/download`, {
        headers: { authorization: `Bearer ${h.apiKey}` },
      })
      expect(response.headers.get('keyport-proxied')).toBe('1')
      const reader = response.body!.getReader()
      let received = 0
      const first = await reader.read()
      received += first.value!.byteLength
      finish()
      for (;;) {
        const { done, value } = await reader.read()
        if (done) break
        received += value.byteLength
      }
      expect(received).toBe(33 * 64 * 1024)
    })

    it('streams the upload: the provider reads the first bytes while the caller is still sending', async () => {
      let firstSeen: () => void = () => undefined
      const seenFirst = new Promise<void>((r) => (firstSeen = r))
      upstream.onArrival('/stream-up', (req, res) => {
        let bytes = 0
        req.on('data', (chunk: Buffer) => {
          if (bytes === 0) firstSeen()
          bytes += chunk.length
        })
        req.on('end', () => res.writeHead(200).end(JSON.stringify({ bodyBytes: bytes })))
      })
      let more: () => void = () => undefined
      const body = new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(new Uint8Array(16 * 1024).fill(3))
          more = () => {
            for (let i = 0; i < 8; i++) controller.enqueue(new Uint8Array(16 * 1024).fill(4))
            controller.close()
          }
        },
      })
      const sent = fetch(`${base}/v1/proxy/${creds.header}/stream-up`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${h.apiKey}`,
          'content-type': 'application/octet-stream',
        },
        body,
        duplex: 'half',
      } as RequestInit)
      // The rest is sent only once the provider has the first chunk: a proxy that buffered would wait forever.
      await seenFirst
      more()
      const response = await sent
      expect(response.status).toBe(200)
      expect(response.headers.get('keyport-proxied')).toBe('1')
      expect(((await response.json()) as { bodyBytes: number }).bodyBytes).toBe(9 * 16 * 1024)
    })

    it('answers 413 when a streamed (chunked) body passes the limit', async () => {
      const chunk = new Uint8Array(64 * 1024).fill(5)
      let sent = 0
      const body = new ReadableStream<Uint8Array>({
        pull(controller) {
          if (sent > MAX_BODY * 2) return controller.close()
          sent += chunk.byteLength
          controller.enqueue(chunk)
        },
      })
      upstream.on('/sink', (_req, res) => res.writeHead(200).end('{}'))
      const response = await fetch(`${base}/v1/proxy/${creds.header}/sink-stream`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${h.apiKey}`,
          'content-type': 'application/octet-stream',
        },
        body,
        duplex: 'half',
      } as RequestInit).catch((error: unknown) => error)
      // Either Keyport's 413 arrives, or the connection is cut while the caller is still sending: never a 2xx.
      if (response instanceof Response) {
        expect(response.status).toBe(413)
        expect(response.headers.get('keyport-proxied')).toBeNull()
      }
      const got = upstream.seen.filter((s) => s.url.includes('sink-stream'))
      for (const seen of got) expect(seen.bodyBytes).toBeLessThanOrEqual(MAX_BODY)
    })

    it('cuts the answer off when the provider resets mid-body', async () => {
      upstream.on('/half', (_req, res) => {
        res.writeHead(200, { 'content-length': String(1024 * 1024) })
        res.write(Buffer.alloc(1024, 1), () => setTimeout(() => res.socket?.destroy(), 20))
      })
      const response = await fetch(`${base}/v1/proxy/${creds.header}/half`, {
        headers: { authorization: `Bearer ${h.apiKey}` },
      })
      expect(response.status).toBe(200)
      await expect(response.arrayBuffer()).rejects.toThrow()
    })
  })

  describe('audit, metrics and canaries', () => {
    it('writes one audit row per proxied call, without query, headers or body', async () => {
      const id = await credential('px-query', { apiKey: GOOD_KEY })
      await proxy('GET', id, 'v1/audited?secret_param=zzz')
      await proxy('GET', id, 'v1/audited?secret_param=zzz')
      await h.deps.activity.flush()
      const rows = await h.store.db
        .selectFrom('auditLog')
        .selectAll()
        .where('target', '=', id)
        .where('action', '=', 'credential.proxied')
        .execute()
      expect(rows).toHaveLength(2)
      expect(JSON.stringify(rows)).not.toContain('zzz')
      expect(rows[0]!.userId).toBeTruthy()
      expect(JSON.parse(rows[0]!.detail!)).toEqual({
        method: 'GET',
        path: '/v1/audited',
        status: 200,
        durationMs: expect.any(Number),
      })
    })

    it('logs Keyport’s own answers on the route, not the provider’s (each of those has its audit row)', async () => {
      upstream.on('/gone', (_req, res) => res.writeHead(404).end('{}'))
      const relayed = await proxy('GET', creds.header!, 'gone')
      const refused = await proxy('GET', 'cred_nope', 'gone')
      expect(relayed.statusCode).toBe(404)
      expect(relayed.headers['keyport-proxied']).toBe('1')
      expect(refused.statusCode).toBe(404)
      expect(refused.headers['keyport-proxied']).toBeUndefined()
      const completed = log
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as { reqId?: string; msg?: string })
        .filter((line) => line.msg === 'request completed')
        .map((line) => line.reqId)
      expect(completed).not.toContain(relayed.headers['x-request-id'])
      expect(completed).toContain(refused.headers['x-request-id'])
    })

    it('counts proxied requests by outcome and status class', async () => {
      const metrics = (await h.request('GET', '/metrics', { apiKey: null })).body
      expect(metrics).toMatch(
        /keyport_proxy_requests_total\{outcome="proxied",status_class="2xx"\} [1-9]/,
      )
      expect(metrics).toMatch(
        /keyport_proxy_requests_total\{outcome="refused",status_class="4xx"\} [1-9]/,
      )
      expect(metrics).toMatch(
        /keyport_proxy_requests_total\{outcome="timeout",status_class="5xx"\} [1-9]/,
      )
      expect(metrics).toMatch(/keyport_proxy_upstream_duration_seconds_count [1-9]/)
    })

    it('never lets an injected secret reach a response header, a log line or an audit row', async () => {
      await h.deps.activity.flush()
      const rows = await h.store.db.selectFrom('auditLog').selectAll().execute()
      expect(JSON.stringify(rows)).not.toContain(GOOD_KEY)
      expect(log).not.toContain(GOOD_KEY)
      expect(log).not.toContain(Buffer.from(`ann:${GOOD_KEY}`).toString('base64'))
      for (const path of ['x', 'slow', 'reset', 'answer']) {
        const response = await proxy('GET', creds.query!, path)
        expect(JSON.stringify(response.headers)).not.toContain(GOOD_KEY)
      }
    })
  })
})
