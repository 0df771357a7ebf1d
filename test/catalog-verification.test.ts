// Every declared verification builds a well-formed request, and the new body/response features behave as the
// schema says against a loopback server that answers like the providers that motivated them.
import { afterEach, describe, expect, it } from 'vitest'
import { authScheme } from '../src/auth-schemes/index.js'
import {
  BUILTIN_CATALOG_DIR,
  loadCatalog,
  type App,
  type Verification,
} from '../src/catalog/index.js'
import {
  buildVerificationRequest,
  verificationSigner,
  verifyCredentials,
} from '../src/credentials/index.js'
import { startLocalProvider, type LocalProvider } from '../src/oauth/quirks/testing.js'
import { sampleValues } from './catalog-samples.js'

const verifiable = [...loadCatalog([BUILTIN_CATALOG_DIR]).values()].filter((a) => a.verification)

describe('every declared verification', () => {
  it.each(verifiable.map((a) => [a.id, a] as const))(
    '%s builds a well-formed request',
    (_id, app) => {
      const values = sampleValues(app)
      const { url, init } = buildVerificationRequest(app.verification!, values)
      const parsed = new URL(url)
      expect(parsed.protocol).toBe('https:')
      expect(url).not.toMatch(/[{}]|%7B|%7D/i)
      expect(['GET', 'POST']).toContain(init.method)
      for (const [name, value] of Object.entries(init.headers)) {
        expect(value, name).not.toMatch(/\{[a-zA-Z_][a-zA-Z0-9_.-]*(:raw)?\}/)
        expect(value.trim(), name).not.toBe('')
      }
      if (init.body !== undefined) {
        expect(init.method).toBe('POST')
        expect(String(init.body)).not.toMatch(/\{[a-zA-Z_][a-zA-Z0-9_.-]*(:raw)?\}/)
      }
    },
  )

  // Minting apps verify with the token minted from their secrets, which the mint itself proves (below).
  it.each(verifiable.filter((a) => !signs(a) && !a.minted).map((a) => [a.id, a] as const))(
    '%s sends every required secret field',
    (_id, app) => {
      const values = sampleValues(app)
      for (const field of app.fields) values[field.name] = `${field.name}-VALUE`
      const { url, init } = buildVerificationRequest(app.verification!, values)
      const auth = init.headers.authorization ?? ''
      const basic = auth.startsWith('Basic ') ? Buffer.from(auth.slice(6), 'base64').toString() : ''
      const sent = [
        decodeURIComponent(url),
        ...Object.values(init.headers),
        String(init.body ?? ''),
        basic,
      ].join('\n')
      const unused = app.fields.filter(
        (f) => f.secret && f.required && !sent.includes(`${f.name}-VALUE`),
      )
      expect(unused.map((f) => f.name)).toEqual([])
    },
  )
  it.each(verifiable.filter((a) => a.minted).map((a) => [a.id, a] as const))(
    '%s verifies with the minted token, never a long-lived secret',
    (_id, app) => {
      const values: Record<string, string> = { ...sampleValues(app), accessToken: 'MINTED-TOKEN' }
      for (const field of app.fields) if (field.secret) values[field.name] = `${field.name}-VALUE`
      const { url, init } = buildVerificationRequest(app.verification!, values)
      const sent = [url, ...Object.values(init.headers), String(init.body ?? '')].join('\n')
      expect(sent).toContain('MINTED-TOKEN')
      expect(sent).not.toMatch(/-VALUE/)
    },
  )
  // Request-signing schemes (AWS SigV4, OAuth 1.0a) never send a secret: each one must change the signature instead.
  it.each(verifiable.filter(signs).map((a) => [a.id, a] as const))(
    '%s signs with every required secret field',
    async (_id, app) => {
      const values = sampleValues(app)
      for (const field of app.fields) if (field.secret) values[field.name] = `${field.name}-VALUE`
      const now = () => new Date('2026-12-03T12:00:00Z')
      const signed = async (v: Record<string, string>) => {
        const request = buildVerificationRequest(app.verification!, v)
        const sign = verificationSigner(
          { fetch: () => Promise.reject(new Error('offline')), now },
          app,
          v,
        )
        return { request, headers: await sign!(request) }
      }
      const { request, headers } = await signed(values)
      expect(headers.authorization).toMatch(/^(AWS4-HMAC-SHA256 Credential=|OAuth )/)
      for (const field of app.fields.filter((f) => f.secret && f.required)) {
        const sent = [request.url, JSON.stringify(request.init), JSON.stringify(headers)].join('\n')
        expect(sent, field.name).not.toContain(`${field.name}-VALUE`)
        const changed = await signed({ ...values, [field.name]: `${field.name}-OTHER` })
        expect(changed.headers.authorization, field.name).not.toBe(headers.authorization)
      }
    },
  )
})

const signs = (app: App): boolean => authScheme(app.authType).sign !== undefined

let server: LocalProvider | null = null
afterEach(async () => {
  await server?.close()
  server = null
})

const check = (verification: Partial<Verification>): Verification => ({
  method: 'GET',
  url: 'https://api.example.com/check',
  ...verification,
})

describe('verification bodies', () => {
  it('fills placeholders inside a JSON body (Mailchimp Transactional /users/ping)', () => {
    const { init } = buildVerificationRequest(
      check({
        method: 'POST',
        url: 'https://mandrillapp.com/api/1.0/users/ping',
        body: { key: '{apiKey}', n: 1 },
      }),
      { apiKey: 'md-"x' },
    )
    expect(init.headers['content-type']).toBe('application/json')
    expect(JSON.parse(String(init.body))).toEqual({ key: 'md-"x', n: 1 })
  })

  it('sends a form-encoded body for token-exchange checks', () => {
    const { init } = buildVerificationRequest(
      check({
        method: 'POST',
        form: {
          grant_type: 'client_credentials',
          client_id: '{clientId}',
          client_secret: '{clientSecret}',
        },
      }),
      { clientId: 'id 1', clientSecret: 's&2' },
    )
    expect(init.headers['content-type']).toBe('application/x-www-form-urlencoded')
    expect(Object.fromEntries(new URLSearchParams(String(init.body)))).toEqual({
      grant_type: 'client_credentials',
      client_id: 'id 1',
      client_secret: 's&2',
    })
  })

  it('inserts a format-checked URL field raw, and still encodes ordinary placeholders', () => {
    const { url } = buildVerificationRequest(
      check({ url: '{baseURL:raw}/wp-json/wc/v3/system_status?k={key}' }),
      {
        baseURL: 'https://shop.example.com/store/',
        key: 'a/b',
      },
    )
    expect(url).toBe('https://shop.example.com/store/wp-json/wc/v3/system_status?k=a%2Fb')
  })
})

describe('judging the response body', () => {
  const slack = (base: string): Verification =>
    check({
      method: 'POST',
      url: `${base}/api/auth.test`,
      headers: { Authorization: 'Bearer {accessToken}' },
      successWhen: { ok: true },
      rejectWhen: { ok: false, error: 'invalid_auth' },
    })

  it('reads Slack auth.test: ok:true valid, ok:false invalid_auth rejected, other errors unknown', async () => {
    server = await startLocalProvider((req) => {
      const token = String(req.headers.authorization).slice(7)
      if (token === 'good') return { json: { ok: true, team_id: 'T1' } }
      if (token === 'bad') return { json: { ok: false, error: 'invalid_auth' } }
      return { json: { ok: false, error: 'ratelimited' } }
    })
    const base = 'https://slack.com'
    await expect(
      verifyCredentials(server.fetch, slack(base), { accessToken: 'good' }),
    ).resolves.toEqual({ outcome: 'valid', status: 200 })
    await expect(
      verifyCredentials(server.fetch, slack(base), { accessToken: 'bad' }),
    ).resolves.toEqual({ outcome: 'rejected', status: 200 })
    await expect(
      verifyCredentials(server.fetch, slack(base), { accessToken: 'other' }),
    ).resolves.toMatchObject({
      outcome: 'unavailable',
      status: 200,
    })
    expect(server.requests[0]).toMatchObject({
      method: 'POST',
      host: 'slack.com',
      path: '/api/auth.test',
    })
  })

  it('reads GraphQL errors on HTTP 200 as rejected, and a non-JSON 200 as could-not-verify', async () => {
    server = await startLocalProvider((req) => {
      if (req.headers['api-key'] === 'good')
        return { json: { data: { actor: { user: { id: 1 } } } } }
      if (req.headers['api-key'] === 'bad')
        return { json: { errors: [{ message: 'Invalid API key' }] } }
      return { text: '<html>maintenance</html>', type: 'text/html' }
    })
    const graphql = check({
      method: 'POST',
      headers: { 'API-Key': '{apiKey}' },
      body: { query: '{ actor { user { id } } }' },
      successWhen: { 'data.actor.user.id': { exists: true } },
      rejectWhen: { errors: { exists: true } },
    })
    await expect(
      verifyCredentials(server.fetch, graphql, { apiKey: 'good' }),
    ).resolves.toMatchObject({ outcome: 'valid' })
    await expect(
      verifyCredentials(server.fetch, graphql, { apiKey: 'bad' }),
    ).resolves.toMatchObject({ outcome: 'rejected' })
    await expect(
      verifyCredentials(server.fetch, graphql, { apiKey: 'html' }),
    ).resolves.toMatchObject({ outcome: 'unavailable' })
    expect(JSON.parse(server.requests[0]!.body)).toEqual({ query: '{ actor { user { id } } }' })
  })

  it('never calls a huge 200 body valid when a success condition is declared', async () => {
    server = await startLocalProvider(() => ({
      text: JSON.stringify({ ok: true, pad: 'x'.repeat(400_000) }),
      type: 'application/json',
    }))
    await expect(
      verifyCredentials(server.fetch, check({ successWhen: { ok: true } }), {}),
    ).resolves.toMatchObject({
      outcome: 'unavailable',
    })
  })
})
