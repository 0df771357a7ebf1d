// Every /v1 route, found by walking the app's routes (so a new route cannot skip this): without an API key it
// answers 401; with another workspace's key and this workspace's ids it answers 404, exactly like a missing id.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { TEST_DATABASES } from './support/databases.js'
import { startHarness, type Harness } from './support/harness.js'

interface Route {
  method: string
  url: string
}

/** Routes whose answer does not depend on workspace data, with the reason. */
const NOT_WORKSPACE_SCOPED: Record<string, string> = {
  'GET /v1/apps': 'the catalog is the same for every workspace',
  'GET /v1/apps/:app':
    'the catalog is the same for every workspace (oauthClientConfigured is per workspace and tested below)',
  'PUT /v1/apps/:app/oauth-client':
    "creates the caller's own client; tested below not to touch the other workspace's",
  'POST /v1/users': "creates a user in the caller's workspace",
  'POST /v1/webhooks': "creates an endpoint in the caller's workspace",
  'GET /v1/webhooks': "lists the caller's endpoints; tested not to show another workspace's",
  'GET /v1/events': "lists the caller's events; tested not to show another workspace's",
  'GET /v1/credentials':
    "lists the caller's credentials; test/credential-list.test.ts shows it never shows another's",
  'GET /v1/audit':
    "lists the caller's audit trail; test/audit-api.test.ts shows it never shows another's",
  'GET /v1/api-keys':
    "lists the caller's keys; test/console-auth.test.ts shows it never shows another's",
  'POST /v1/api-keys': "creates a key in the caller's workspace",
  'POST /v1/console-users': "creates a console user in the caller's workspace",
  'GET /v1/console-users':
    "lists the caller's console users; test/console-auth.test.ts shows it never shows another's",
}

/** Valid bodies, so that a 404 is not masked by a 400. A new route with a body needs an entry here. */
const BODIES: Record<string, (ids: Record<string, string>) => unknown> = {
  'POST /v1/credentials': (ids) => ({
    userId: ids.userId,
    app: 'stripe',
    data: { apiKey: 'sk_test_crossworkspace00' },
    skipVerification: true,
  }),
  'POST /v1/credentials/import': (ids) => ({
    userId: ids.userId,
    app: 'shopify',
    data: { shop: 'x' },
    tokens: { accessToken: 'a' },
  }),
  'PATCH /v1/users/:userId': () => ({ fullName: 'Mallory' }),
  'PATCH /v1/credentials/:credentialId': () => ({ name: 'stolen' }),
  'POST /v1/users/:userId/token': () => ({}),
  'POST /v1/users/:userId/connect-link': () => ({}),
  'POST /v1/users/:userId/agent-tokens': () => ({}),
  'POST /v1/credentials/:credentialId/report-invalid': () => ({}),
  'POST /v1/credentials/:credentialId/check': () => ({}),
  'PATCH /v1/webhooks/:webhookId': () => ({ enabled: false }),
  'PATCH /v1/console-users/:consoleUserId': () => ({ role: 'support' }),
}

describe.each(TEST_DATABASES)('workspace isolation on $name', (database) => {
  let h: Harness
  const routes: Route[] = []
  const ids: Record<string, string> = {}

  beforeAll(async () => {
    h = await startHarness(database, {
      build: {
        onRoute: ({ method, url }) => {
          if (!url.startsWith('/v1/')) return
          for (const m of [method].flat()) if (m !== 'HEAD') routes.push({ method: m, url })
        },
      },
    })
    const user = (
      await h.request('POST', '/v1/users', {
        body: { username: 'victim', email: 'victim@example.com' },
      })
    ).json()
    ids.userId = user.userId
    ids.credentialId = (
      await h.request('POST', '/v1/credentials', {
        body: {
          userId: user.userId,
          app: 'stripe',
          data: { apiKey: 'sk_test_victimvictim00' },
          skipVerification: true,
        },
      })
    ).json().credentialId
    ids.agentTokenId = (
      await h.request('POST', `/v1/users/${user.userId}/agent-tokens`, { body: {} })
    ).json().agentTokenId
    ids.app = 'shopify'
    ids.prefix = h.apiKey.slice(0, 11)
    ids.consoleUserId = (
      await h.request('POST', '/v1/console-users', {
        body: { email: 'victim-admin@example.com', role: 'admin' },
      })
    ).json().consoleUser.id
    await h.request('PUT', '/v1/apps/shopify/oauth-client', {
      body: { clientId: 'victim-client', clientSecret: 'victim-secret' },
    })
    const webhook = await h.request('POST', '/v1/webhooks', {
      body: { url: 'https://example.com/hook' },
    })
    if (webhook.statusCode === 201) {
      ids.webhookId = webhook.json().webhookId
      const deliveries = await h.request('GET', `/v1/webhooks/${ids.webhookId}/deliveries`)
      await h.request('POST', `/v1/webhooks/${ids.webhookId}/test`)
      const after = await h.request('GET', `/v1/webhooks/${ids.webhookId}/deliveries`)
      ids.deliveryId =
        (after.json().data?.[0] ?? deliveries.json().data?.[0])?.deliveryId ?? 'dlv_none'
    }
  })
  afterAll(async () => h?.close())

  const fill = (url: string) =>
    url.replace(/:([a-zA-Z]+)/g, (_, name: string) => {
      const value = ids[name]
      if (!value) throw new Error(`security test: add a fixture id for :${name} (route ${url})`)
      return value
    })

  it('found the core routes', () => {
    const keys = routes.map((r) => `${r.method} ${r.url}`)
    for (const expected of [
      'POST /v1/users',
      'GET /v1/credentials/:credentialId/secret',
      'DELETE /v1/credentials/:credentialId',
      'PUT /v1/apps/:app/oauth-client',
    ]) {
      expect(keys).toContain(expected)
    }
  })

  it('answers 401 on every /v1 route without a key, with a wrong key, and with a malformed header', async () => {
    for (const route of routes) {
      for (const headers of [
        {},
        { authorization: 'Bearer kp_wrongwrongwrongwrongwrongwrongwrongwrongwro' },
        { authorization: 'Basic abc' },
      ]) {
        const response = await h.app.inject({
          method: route.method as 'GET',
          url: fill(route.url),
          headers,
        })
        expect(response.statusCode, `${route.method} ${route.url}`).toBe(401)
        expect(response.json().error.code).toBe('unauthorized')
      }
    }
  })

  it("answers 404 on every workspace-scoped route given another workspace's ids", async () => {
    for (const route of routes) {
      const key = `${route.method} ${route.url}`
      if (NOT_WORKSPACE_SCOPED[key] || !(route.url.includes(':') || BODIES[key])) continue
      const body = BODIES[key]?.(ids)
      const response = await h.request(route.method, fill(route.url), {
        apiKey: h.otherApiKey,
        ...(body !== undefined ? { body } : {}),
      })
      expect(response.statusCode, `${key}: ${response.body}`).toBe(404)
      expect(response.json().error.code).toMatch(/_not_found$/)
    }
  })

  it("leaves the victim's data untouched and unseen", async () => {
    const users = await h.request('GET', '/v1/users?username=victim', { apiKey: h.otherApiKey })
    expect(users.json().data).toEqual([])
    const client = await h.request('GET', '/v1/apps/shopify/oauth-client')
    expect(client.json().clientId).toBe('victim-client')
    const otherView = await h.request('GET', '/v1/apps/shopify', { apiKey: h.otherApiKey })
    expect(otherView.json().oauthClientConfigured).toBe(false)
    const secret = await h.request('GET', `/v1/credentials/${ids.credentialId}/secret`)
    expect(secret.json().data.apiKey).toBe('sk_test_victimvictim00')
    expect((await h.request('GET', `/v1/users/${ids.userId}`)).json().fullName).toBeNull()
  })
})
