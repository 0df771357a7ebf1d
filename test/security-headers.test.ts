// Headers that keep answers out of caches, frames and MIME sniffing: every /v1 answer (a 401 included) is
// `Cache-Control: no-store` and `X-Content-Type-Options: nosniff`, in particular those carrying a secret (webhook
// secrets, a credential's secret, minted tokens); /docs has a CSP and cannot be framed; /demo/token refuses
// cross-origin POSTs; the modal's API takes the Bearer scheme in any case, like /v1 (RFC 7235 §2.1).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { LightMyRequestResponse } from 'fastify'
import { createWorkspace } from '../src/workspaces/index.js'
import { TEST_DATABASES } from './support/databases.js'
import { startHarness, type Harness } from './support/harness.js'

function expectPrivate(response: LightMyRequestResponse, what: string): void {
  expect(response.headers['cache-control'], what).toBe('no-store')
  expect(response.headers['x-content-type-options'], what).toBe('nosniff')
}

describe.each(TEST_DATABASES)('security headers on $name', (database) => {
  let h: Harness
  const routes: Array<{ method: string; url: string }> = []
  let userId: string

  beforeAll(async () => {
    h = await startHarness(database, {
      demo: true,
      webhookAllowedHosts: ['127.0.0.1'],
      build: {
        onRoute: ({ method, url }) => {
          if (!url.startsWith('/v1/')) return
          for (const m of [method].flat()) if (m !== 'HEAD') routes.push({ method: m, url })
        },
      },
    })
    await createWorkspace(h.store.db, 'default')
    userId = (await h.request('POST', '/v1/users', { body: { username: 'headers' } })).json().userId
  })
  afterAll(async () => h?.close())

  it('marks every /v1 answer no-store and nosniff, the 401 included', async () => {
    expect(routes.length).toBeGreaterThan(25)
    for (const route of routes) {
      const response = await h.request(route.method, route.url.replace(/:(\w+)/g, 'x_$1'), {
        apiKey: null,
      })
      expect(response.statusCode).toBe(401)
      expectPrivate(response, `${route.method} ${route.url}`)
    }
  })

  it('marks every answer that carries a secret no-store', async () => {
    const created = await h.request('POST', '/v1/webhooks', {
      body: { url: 'http://127.0.0.1:9/hook' },
    })
    expect(created.statusCode, created.body).toBe(201)
    expect(created.json().secret).toMatch(/^whsec_/)
    expectPrivate(created, 'webhook create')
    const rotated = await h.request(
      'POST',
      `/v1/webhooks/${created.json().webhookId}/rotate-secret`,
    )
    expect(rotated.json().secret).toMatch(/^whsec_/)
    expectPrivate(rotated, 'webhook rotate-secret')

    const credential = await h.request('POST', '/v1/credentials', {
      body: {
        userId,
        app: 'stripe',
        data: { apiKey: 'sk_test_headersheaders00' },
        skipVerification: true,
      },
    })
    expect(credential.statusCode, credential.body).toBe(201)
    const secret = await h.request(
      'GET',
      `/v1/credentials/${credential.json().credentialId}/secret`,
    )
    expect(secret.json().data.apiKey).toBe('sk_test_headersheaders00')
    expectPrivate(secret, 'secret read')

    const token = await h.request('POST', `/v1/users/${userId}/token`, { body: {} })
    expectPrivate(token, 'connect token mint')
    const demo = await h.request('POST', '/demo/token', { apiKey: null })
    expect(demo.statusCode).toBe(200)
    expect(demo.headers['cache-control']).toBe('no-store')
  })

  it('puts nosniff on every JSON answer outside /v1 too', async () => {
    for (const url of ['/healthz', '/openapi.json', '/nowhere']) {
      const response = await h.request('GET', url, { apiKey: null })
      expect(response.headers['x-content-type-options'], url).toBe('nosniff')
    }
  })

  it('gives /docs a CSP and forbids framing it', async () => {
    const docs = await h.request('GET', '/docs', { apiKey: null })
    expect(docs.statusCode).toBe(200)
    expect(docs.headers['x-frame-options']).toBe('DENY')
    const csp = String(docs.headers['content-security-policy'])
    expect(csp).toContain("frame-ancestors 'none'")
    expect(csp).toContain("object-src 'none'")
    expect(csp).toMatch(/script-src 'self'/)
    expect(csp).not.toContain('upgrade-insecure-requests')
  })

  it('refuses cross-origin POSTs to /demo/token', async () => {
    for (const headers of [
      { origin: 'https://evil.example' } as Record<string, string>,
      { origin: 'null' },
      { origin: 'http://localhost:3000', 'sec-fetch-site': 'cross-site' },
      { 'sec-fetch-site': 'same-site' },
    ]) {
      const response = await h.request('POST', '/demo/token', { apiKey: null, headers })
      expect(response.statusCode, JSON.stringify(headers)).toBe(403)
      expect(response.json().error.code).toBe('forbidden')
      expect(response.body).not.toContain('ct_')
    }
    const same = await h.request('POST', '/demo/token', {
      apiKey: null,
      headers: { origin: 'http://localhost:3000', 'sec-fetch-site': 'same-origin' },
    })
    expect(same.statusCode).toBe(200)
    expect(same.json().token).toMatch(/^ct_/)
  })

  it('takes the Bearer scheme in any case on /connect/api, like /v1', async () => {
    const { token } = (await h.request('POST', `/v1/users/${userId}/token`, { body: {} })).json()
    for (const scheme of ['Bearer', 'bearer', 'BEARER']) {
      const session = await h.request('GET', '/connect/api/session', {
        apiKey: null,
        headers: { authorization: `${scheme} ${token}` },
      })
      expect(session.statusCode, scheme).toBe(200)
      expect(
        (
          await h.request('GET', '/v1/users', {
            apiKey: null,
            headers: { authorization: `${scheme} ${h.apiKey}` },
          })
        ).statusCode,
      ).toBe(200)
    }
    const wrong = await h.request('GET', '/connect/api/session', {
      apiKey: null,
      headers: { authorization: `Basic ${token}` },
    })
    expect(wrong.statusCode).toBe(401)
  })
})
