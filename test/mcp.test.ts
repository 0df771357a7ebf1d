// The MCP server at /mcp against a listening Keyport, driven by the SDK's own client: bearer authentication as an
// RFC 9728 protected resource (401 + resource metadata), audience (agent tokens only at /mcp, API keys only at /v1),
// the tools acting for the token's one user, allow-lists, connect links with URL elicitation, audit, rate limits.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { listAuditRows } from '../src/store/index.js'
import { createRateLimits } from '../src/ratelimit/index.js'
import { TEST_DATABASES } from './support/databases.js'
import { startHarness, type Harness } from './support/harness.js'
import { startLocalServer, writeCatalogDir, type LocalServer } from './support/local-app.js'
import {
  connectAgent,
  mintAgentToken,
  standInApp,
  standInBasicApp,
  standInHandler,
  standInOAuthApp,
} from './support/mcp.js'
import { CALL_API_MAX_BODY_BYTES, REDACTED } from '../src/agents/index.js'
import { freePort } from './support/ports.js'

const INIT = {
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: {
    protocolVersion: '2025-06-18',
    capabilities: {},
    clientInfo: { name: 'raw', version: '1' },
  },
}

describe.each(TEST_DATABASES)('MCP server on $name', (database) => {
  let h: Harness
  let base: string
  let api: LocalServer
  let clockOffsetMs = 0
  const users: Record<'alice' | 'bob', { userId: string; credentialId: string }> = {} as never

  /** A raw POST to /mcp, as a client that is not the SDK would send it. */
  const post = (headers: Record<string, string>, body: unknown = INIT) =>
    fetch(`${base}/mcp`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
        ...headers,
      },
      body: JSON.stringify(body),
    })

  async function connectCredential(userId: string, apiKey: string, app = 'stand-in') {
    const response = await h.request('POST', '/v1/credentials', {
      body: { userId, app, data: { apiKey } },
    })
    if (response.statusCode !== 201) throw new Error(response.body)
    return response.json().credentialId as string
  }

  beforeAll(async () => {
    api = await startLocalServer(standInHandler)
    const port = await freePort()
    base = `http://127.0.0.1:${port}`
    h = await startHarness(database, {
      publicURL: base,
      catalogDirs: [
        writeCatalogDir([
          standInApp(api.url),
          standInApp(api.url, 'second-app'),
          standInOAuthApp(api.url),
          standInBasicApp(api.url),
        ]),
      ],
      now: () => new Date(Date.now() + clockOffsetMs),
      trustedPrivateHosts: ['127.0.0.1'],
    })
    await h.app.listen({ port, host: '127.0.0.1' })
    for (const username of ['alice', 'bob'] as const) {
      const { userId } = (await h.request('POST', '/v1/users', { body: { username } })).json()
      users[username] = {
        userId,
        credentialId: await connectCredential(userId, `sk_${username}SECRET1`),
      }
    }
  })
  afterAll(async () => {
    await h?.close()
    await api?.close()
  })

  it('serves the protected resource metadata (RFC 9728) at the root and path-suffixed addresses', async () => {
    for (const path of [
      '/.well-known/oauth-protected-resource',
      '/.well-known/oauth-protected-resource/mcp',
    ]) {
      const response = await fetch(`${base}${path}`)
      expect(response.status).toBe(200)
      expect(await response.json()).toEqual({
        resource: `${base}/mcp`,
        resource_name: 'Keyport MCP server',
        bearer_methods_supported: ['header'],
        resource_documentation: `${base}/docs`,
      })
    }
  })

  it('answers 401 with the resource metadata when the token is missing, foreign or unknown', async () => {
    const metadata = `resource_metadata="${base}/.well-known/oauth-protected-resource"`
    const missing = await post({})
    expect(missing.status).toBe(401)
    expect(missing.headers.get('www-authenticate')).toBe(`Bearer ${metadata}`)
    expect((await missing.json()).error.code).toBe('unauthorized')
    for (const authorization of [
      `Bearer ${h.apiKey}`, // an API key is not an agent token: audience /v1 only
      'Bearer at_unknownunknownunknownunknownunknownunknown0',
      'Basic YTpi',
      'Bearer',
    ]) {
      const response = await post({ authorization })
      expect(response.status, authorization).toBe(401)
      expect(response.headers.get('www-authenticate')).toContain(`Bearer ${metadata}`)
      expect(response.headers.get('www-authenticate')).toContain('error="invalid_token"')
    }
    for (const method of ['GET', 'DELETE']) {
      const response = await fetch(`${base}/mcp`, { method })
      expect(response.status, method).toBe(401)
      expect(response.headers.get('www-authenticate')).toBe(`Bearer ${metadata}`)
    }
  })

  it('does not accept an agent token at /v1, nor an API key at /mcp through the SDK client', async () => {
    const { token } = await mintAgentToken(h, users.alice.userId)
    for (const url of [
      `/v1/users/${users.alice.userId}/credentials`,
      '/v1/apps',
      `/v1/credentials/${users.alice.credentialId}/secret`,
      `/v1/proxy/${users.alice.credentialId}/echo`,
    ]) {
      const response = await fetch(`${base}${url}`, {
        headers: { authorization: `Bearer ${token}` },
      })
      expect(response.status, url).toBe(401)
    }
    await expect(connectAgent(base, h.apiKey)).rejects.toMatchObject({ code: 401 })
  })

  it('initializes, lists the tools with their schemas, and lists only its own user\u2019s connections', async () => {
    const { token } = await mintAgentToken(h, users.alice.userId, { label: 'test agent' })
    const agent = await connectAgent(base, token)
    try {
      expect(agent.client.getServerVersion()).toMatchObject({ name: 'keyport' })
      const { tools } = await agent.client.listTools()
      const byName = Object.fromEntries(tools.map((t) => [t.name, t]))
      expect(Object.keys(byName)).toEqual(
        expect.arrayContaining(['list_connections', 'describe_app', 'connect_app']),
      )
      expect(byName.describe_app!.inputSchema).toMatchObject({
        type: 'object',
        properties: { app: { type: 'string' } },
        required: ['app'],
        additionalProperties: false,
      })
      const listed = await agent.call('list_connections')
      expect(listed.isError).toBe(false)
      expect(listed.body.connections).toEqual([
        {
          credentialId: users.alice.credentialId,
          app: 'stand-in',
          appName: 'Stand-in API',
          name: expect.any(String),
          status: 'active',
          lastUsedAt: null,
          expiredAt: null,
          expiryReason: null,
        },
      ])
      expect(listed.text).not.toContain(users.bob.credentialId)
      expect(listed.text).not.toContain('SECRET')
    } finally {
      await agent.close()
    }
  })

  it('describes an app from its catalog entry and api section', async () => {
    const { token } = await mintAgentToken(h, users.alice.userId, {
      methods: { 'stand-in': ['GET', 'HEAD'] },
    })
    const agent = await connectAgent(base, token)
    try {
      const described = await agent.call('describe_app', { app: 'stand-in' })
      expect(described.body).toEqual({
        app: 'stand-in',
        name: 'Stand-in API',
        authType: 'api_key',
        categories: ['developer-tools'],
        docsUrl: 'https://example.com/docs',
        apiBaseUrl: api.url,
        apiDocsUrl: 'https://example.com/api-docs',
        unproxyable: null,
        allowedMethods: ['GET', 'HEAD'],
        connections: [expect.objectContaining({ credentialId: users.alice.credentialId })],
      })
      const unknown = await agent.call('describe_app', { app: 'no-such-app' })
      expect(unknown).toMatchObject({ isError: true, body: { error: { code: 'unknown_app' } } })
      const bad = await agent.call('describe_app', { app: 'stand-in', extra: 1 })
      expect(bad.isError).toBe(true)
    } finally {
      await agent.close()
    }
  })

  it('keeps to the token\u2019s app allow-list in every tool', async () => {
    await connectCredential(users.alice.userId, 'sk_aliceSECOND2', 'second-app')
    const { token } = await mintAgentToken(h, users.alice.userId, { apps: ['second-app'] })
    const agent = await connectAgent(base, token)
    try {
      const listed = await agent.call('list_connections')
      expect(listed.body.connections.map((c: any) => c.app)).toEqual(['second-app'])
      for (const tool of ['describe_app', 'connect_app']) {
        const refused = await agent.call(tool, { app: 'stand-in' })
        expect(refused, tool).toMatchObject({
          isError: true,
          body: { error: { code: 'app_not_allowed' } },
        })
      }
    } finally {
      await agent.close()
    }
  })

  it('hands out a connect link for an app the user lacks, and asks the client to open it (URL elicitation)', async () => {
    const { userId } = (
      await h.request('POST', '/v1/users', { body: { username: 'carol' } })
    ).json()
    const { token } = await mintAgentToken(h, userId)
    const plain = await connectAgent(base, token)
    const plainLink = await plain.call('connect_app', { app: 'stand-in' })
    await plain.close()
    expect(plainLink.body).toMatchObject({
      app: 'stand-in',
      alreadyConnected: false,
      link: expect.stringMatching(
        new RegExp(`^${base}/connect#token=ct_[A-Za-z0-9_.-]+&app=stand-in$`),
      ),
      elicitation: 'unsupported',
      reconnects: null,
    })

    const eliciting = await connectAgent(base, token, { elicitation: true })
    try {
      const result = await eliciting.call('connect_app', { app: 'stand-in' })
      expect(result.body.elicitation).toBe('sent')
      await expect.poll(() => eliciting.elicitations.length).toBe(1)
      expect(eliciting.elicitations[0]).toMatchObject({ mode: 'url', url: result.body.link })
      expect(result.body.link).not.toBe(plainLink.body.link)

      // The link's connect token belongs to this user and this app only.
      const connectToken = new URLSearchParams(new URL(result.body.link).hash.slice(1)).get(
        'token',
      )!
      const session = await fetch(`${base}/connect/api/session`, {
        headers: { authorization: `Bearer ${connectToken}` },
      })
      expect(await session.json()).toMatchObject({ userId, apps: ['stand-in'] })

      // Once connected, the tool says so instead of minting another link.
      await connectCredential(userId, 'sk_carolSECRET3')
      const again = await eliciting.call('connect_app', { app: 'stand-in' })
      expect(again.body).toMatchObject({ alreadyConnected: true, link: null })
      expect((await eliciting.call('list_connections')).body.connections).toHaveLength(1)
    } finally {
      await eliciting.close()
    }
  })

  it('reconnects an expired connection in place', async () => {
    const { token } = await mintAgentToken(h, users.bob.userId)
    await h.store.db
      .updateTable('credential')
      .set({
        status: 'expired',
        expiredReason: 'refresh_rejected',
        expiredAt: '2026-12-01T10:00:00.000Z',
      })
      .where('id', '=', users.bob.credentialId)
      .execute()
    const agent = await connectAgent(base, token)
    try {
      const listed = await agent.call('list_connections')
      expect(listed.body.connections).toEqual([
        expect.objectContaining({
          credentialId: users.bob.credentialId,
          status: 'expired',
          expiredAt: '2026-12-01T10:00:00.000Z',
          expiryReason: 'refresh_rejected',
        }),
      ])
      const result = await agent.call('connect_app', { app: 'stand-in' })
      expect(result.body.reconnects).toBe(users.bob.credentialId)
      expect(new URL(result.body.link).hash).toContain(`credentialId=${users.bob.credentialId}`)
    } finally {
      await agent.close()
      await h.store.db
        .updateTable('credential')
        .set({ status: 'active', expiredReason: null, expiredAt: null })
        .where('id', '=', users.bob.credentialId)
        .execute()
    }
  })

  it('refuses a revoked token at once and an expired one, with the resource metadata header', async () => {
    const { token, agentTokenId } = await mintAgentToken(h, users.alice.userId, { ttlSeconds: 60 })
    const agent = await connectAgent(base, token)
    expect((await agent.call('list_connections')).isError).toBe(false)
    expect(
      (await h.request('DELETE', `/v1/users/${users.alice.userId}/agent-tokens/${agentTokenId}`))
        .statusCode,
    ).toBe(204)
    await expect(agent.call('list_connections')).rejects.toMatchObject({ code: 401 })
    await agent.close()
    const revoked = await post({ authorization: `Bearer ${token}` })
    expect(revoked.status).toBe(401)
    expect(revoked.headers.get('www-authenticate')).toContain('resource_metadata=')

    const short = await mintAgentToken(h, users.alice.userId, { ttlSeconds: 60 })
    expect((await post({ authorization: `Bearer ${short.token}` })).status).toBe(200)
    clockOffsetMs = 61_000
    try {
      const expired = await post({ authorization: `Bearer ${short.token}` })
      expect(expired.status).toBe(401)
      expect(expired.headers.get('www-authenticate')).toContain('error="invalid_token"')
    } finally {
      clockOffsetMs = 0
    }
  })

  it('audits every tool call with the token id and label, refusals included', async () => {
    const { token, agentTokenId } = await mintAgentToken(h, users.bob.userId, {
      label: 'audit bot',
    })
    const agent = await connectAgent(base, token)
    await agent.call('list_connections')
    await agent.call('describe_app', { app: 'stand-in' })
    await agent.call('describe_app', { app: 'no-such-app' })
    await agent.close()
    await h.deps.activity.flush()
    const rows = (await listAuditRows(h.store.db, h.workspaceId)).filter(
      (r) => r.actor === `agent_token:${agentTokenId}`,
    )
    const detail = JSON.stringify({ agentTokenId, label: 'audit bot' })
    expect(rows.map((r) => [r.action, r.target, r.userId, r.detail])).toEqual([
      ['mcp.list_connections', users.bob.userId, users.bob.userId, detail],
      ['mcp.describe_app', 'stand-in', users.bob.userId, detail],
      ['mcp.describe_app.refused', 'no-such-app', users.bob.userId, detail],
    ])
    expect(rows.every((r) => r.requestId?.startsWith('req_'))).toBe(true)
  })

  it('call_api reaches the stand-in API with the key injected, and the key is nowhere in the result', async () => {
    const { token } = await mintAgentToken(h, users.alice.userId)
    const agent = await connectAgent(base, token)
    try {
      const seen = api.requests.length
      const result = await agent.call('call_api', {
        credentialId: users.alice.credentialId,
        method: 'GET',
        path: '/echo',
        query: { limit: '3', tag: ['a', 'b'] },
        headers: { 'x-trace': 'agent' },
      })
      expect(result.isError).toBe(false)
      const sent = api.requests.slice(seen)
      expect(sent).toHaveLength(1)
      expect(sent[0]).toMatchObject({ method: 'GET', url: '/echo?limit=3&tag=a&tag=b' })
      expect(sent[0]!.headers.authorization).toBe('Bearer sk_aliceSECRET1')
      expect(sent[0]!.headers['x-trace']).toBe('agent')
      expect(sent[0]!.headers.authorization).not.toContain(token)
      expect(result.body).toMatchObject({
        credentialId: users.alice.credentialId,
        app: 'stand-in',
        status: 200,
        bodyType: 'json',
        truncated: false,
        headers: { 'content-type': 'application/json', 'x-ratelimit-remaining': '41' },
        body: { method: 'GET', path: '/echo', query: { limit: '3', tag: 'b' } },
      })
      expect(result.body.headers['set-cookie']).toBeUndefined()
      expect(result.body.headers['x-internal']).toBeUndefined()
      // The provider echoed the injected header: redacted, in every spelling.
      expect(result.body.body.headers.authorization).toBe(REDACTED)
      expect(result.text).not.toContain('aliceSECRET1')
      expect(result.text).not.toContain(token)
    } finally {
      await agent.close()
    }
  })

  it('redacts an OAuth access token and a Basic pair echoed by the provider', async () => {
    const { userId } = (
      await h.request('POST', '/v1/users', { body: { username: 'frank' } })
    ).json()
    const imported = await h.request('POST', '/v1/credentials/import', {
      body: {
        userId,
        app: 'stand-in-oauth',
        tokens: { accessToken: 'oat_ACCESSsecret42', refreshToken: 'ort_REFRESHsecret42' },
      },
    })
    expect(imported.statusCode, imported.body).toBe(201)
    const basic = await h.request('POST', '/v1/credentials', {
      body: {
        userId,
        app: 'stand-in-basic',
        data: { username: 'frank', password: 'pw_BASICsecret42' },
      },
    })
    expect(basic.statusCode, basic.body).toBe(201)
    const { token } = await mintAgentToken(h, userId)
    const agent = await connectAgent(base, token)
    try {
      const seen = api.requests.length
      const oauth = await agent.call('call_api', {
        app: 'stand-in-oauth',
        method: 'GET',
        path: '/echo',
      })
      const pair = await agent.call('call_api', {
        app: 'stand-in-basic',
        method: 'GET',
        path: '/echo',
      })
      const [first, second] = api.requests.slice(seen)
      expect(first!.headers.authorization).toBe('Bearer oat_ACCESSsecret42')
      expect(second!.headers.authorization).toBe(
        `Basic ${Buffer.from('frank:pw_BASICsecret42').toString('base64')}`,
      )
      for (const result of [oauth, pair]) {
        expect(result.body.status).toBe(200)
        expect(result.body.body.headers.authorization).toBe(REDACTED)
      }
      for (const leaked of [
        'ACCESSsecret42',
        'REFRESHsecret42',
        'BASICsecret42',
        Buffer.from('frank:pw_BASICsecret42').toString('base64'),
      ])
        expect(oauth.text + pair.text).not.toContain(leaked)
    } finally {
      await agent.close()
    }
  })

  it('call_api by app, with a JSON body, and refuses what the token or the call may not do', async () => {
    const { token } = await mintAgentToken(h, users.bob.userId)
    const agent = await connectAgent(base, token)
    try {
      const created = await agent.call('call_api', {
        app: 'stand-in',
        method: 'POST',
        path: 'items',
        body: { name: 'widget' },
      })
      expect(created.body).toMatchObject({
        credentialId: users.bob.credentialId,
        status: 201,
        body: { method: 'POST', path: '/items', body: '{"name":"widget"}' },
      })
      const seen = api.requests.length
      for (const [args, code] of [
        [{ credentialId: users.alice.credentialId }, 'credential_not_found'], // another user's
        [{ credentialId: 'cred_01m8xxxxxxxxxxxxxxxxxxxxxx' }, 'credential_not_found'],
        [{ app: 'second-app' }, 'credential_not_found'], // bob has none
        [{ credentialId: users.bob.credentialId, app: 'stand-in' }, 'invalid_request'],
        [
          { credentialId: users.bob.credentialId, headers: { Authorization: 'Bearer x' } },
          'invalid_request',
        ],
        [
          { credentialId: users.bob.credentialId, headers: { 'keyport-retry': '429' } },
          'invalid_request',
        ],
        [{ credentialId: users.bob.credentialId, path: '/x?a=1' }, 'invalid_request'],
        [
          { credentialId: users.bob.credentialId, headers: { 'x-a': 'v\r\nx-b: 1' } },
          'invalid_request',
        ],
        [{ credentialId: users.bob.credentialId, headers: { 'x a': 'v' } }, 'invalid_request'],
        [{ credentialId: users.bob.credentialId, path: '/../../etc' }, 'invalid_proxy_path'],
        [
          { credentialId: users.bob.credentialId, path: 'http://169.254.169.254/' },
          'invalid_proxy_path',
        ],
        [{ credentialId: users.bob.credentialId, body: 'x' }, 'invalid_request'], // GET with a body
      ] as const) {
        const refused = await agent.call('call_api', { method: 'GET', path: '/echo', ...args })
        expect(refused.body?.error?.code, JSON.stringify(args)).toBe(code)
      }
      expect(api.requests.length).toBe(seen)
    } finally {
      await agent.close()
    }
  })

  it('a read-only token cannot POST, and sends nothing when refused', async () => {
    const { token } = await mintAgentToken(h, users.alice.userId, {
      methods: { '*': ['GET', 'HEAD'] },
    })
    const agent = await connectAgent(base, token)
    try {
      const seen = api.requests.length
      const refused = await agent.call('call_api', {
        credentialId: users.alice.credentialId,
        method: 'POST',
        path: '/items',
        body: {},
      })
      expect(refused).toMatchObject({ isError: true, body: { error: { code: 'forbidden' } } })
      expect(api.requests.length).toBe(seen)
      const read = await agent.call('call_api', {
        credentialId: users.alice.credentialId,
        method: 'GET',
        path: '/items',
      })
      expect(read.body.status).toBe(200)
    } finally {
      await agent.close()
    }
  })

  it("never reaches another workspace's credential", async () => {
    const other = await h.request('POST', '/v1/users', {
      body: { username: 'eve' },
      apiKey: h.otherApiKey,
    })
    const theirs = await h.request('POST', '/v1/credentials', {
      body: { userId: other.json().userId, app: 'stand-in', data: { apiKey: 'sk_eveSECRET99' } },
      apiKey: h.otherApiKey,
    })
    const { token } = await mintAgentToken(h, users.alice.userId)
    const agent = await connectAgent(base, token)
    try {
      const seen = api.requests.length
      const refused = await agent.call('call_api', {
        credentialId: theirs.json().credentialId,
        method: 'GET',
        path: '/echo',
      })
      expect(refused.body.error.code).toBe('credential_not_found')
      expect(api.requests.length).toBe(seen)
    } finally {
      await agent.close()
    }
  })

  it('cuts a long body at the documented size and flags it; omits a binary one', async () => {
    const { token } = await mintAgentToken(h, users.alice.userId)
    const agent = await connectAgent(base, token)
    try {
      const big = await agent.call('call_api', { app: 'stand-in', method: 'GET', path: '/big' })
      expect(big.body).toMatchObject({ status: 200, bodyType: 'text', truncated: true })
      expect(big.body.body).toHaveLength(CALL_API_MAX_BODY_BYTES)
      const binary = await agent.call('call_api', {
        app: 'stand-in',
        method: 'GET',
        path: '/binary',
      })
      expect(binary.body).toMatchObject({ bodyType: 'binary', body: null, truncated: false })
    } finally {
      await agent.close()
    }
  })

  it('audits the tool call and the proxied request, both naming the agent token', async () => {
    const { token, agentTokenId } = await mintAgentToken(h, users.alice.userId, { label: 'caller' })
    const agent = await connectAgent(base, token)
    await agent.call('call_api', { app: 'stand-in', method: 'GET', path: '/audited' })
    await agent.close()
    await h.deps.activity.flush()
    const rows = (await listAuditRows(h.store.db, h.workspaceId)).filter(
      (r) => r.actor === `agent_token:${agentTokenId}`,
    )
    expect(rows.map((r) => [r.action, r.target]).sort()).toEqual([
      ['credential.proxied', users.alice.credentialId],
      ['mcp.call_api', 'stand-in'],
    ])
    const proxied = rows.find((r) => r.action === 'credential.proxied')!
    expect(JSON.parse(proxied.detail!)).toMatchObject({
      method: 'GET',
      path: '/audited',
      status: 200,
      agentTokenId,
    })
    expect(JSON.stringify(rows)).not.toContain('aliceSECRET1')
  })

  it('answers GET and DELETE /mcp with 405 (stateless) once authenticated', async () => {
    const { token } = await mintAgentToken(h, users.alice.userId)
    for (const method of ['GET', 'DELETE']) {
      const response = await fetch(`${base}/mcp`, {
        method,
        headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream' },
      })
      expect(response.status, method).toBe(405)
      expect(response.headers.get('allow')).toBe('POST')
      expect((await response.json()).error.code).toBe('method_not_allowed')
    }
  })
})

describe.each(TEST_DATABASES)('MCP rate limit on $name', (database) => {
  let h: Harness
  let base: string
  beforeAll(async () => {
    const port = await freePort()
    base = `http://127.0.0.1:${port}`
    const frozen = Date.now()
    h = await startHarness(database, {
      publicURL: base,
      rateLimits: createRateLimits({
        workspace: 0,
        connectToken: 0,
        agentToken: 2,
        now: () => frozen,
      }),
    })
    await h.app.listen({ port, host: '127.0.0.1' })
  })
  afterAll(async () => h?.close())

  it('counts requests per agent token, not per user or workspace', async () => {
    const { userId } = (await h.request('POST', '/v1/users', { body: { username: 'busy' } })).json()
    const first = await mintAgentToken(h, userId)
    const second = await mintAgentToken(h, userId)
    const send = (token: string) =>
      fetch(`${base}/mcp`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': 'application/json',
          accept: 'application/json, text/event-stream',
        },
        body: JSON.stringify(INIT),
      })
    expect((await send(first.token)).status).toBe(200)
    expect((await send(first.token)).status).toBe(200)
    const limited = await send(first.token)
    expect(limited.status).toBe(429)
    expect(limited.headers.get('retry-after')).toMatch(/^\d+$/)
    expect((await limited.json()).error.code).toBe('rate_limited')
    expect((await send(second.token)).status).toBe(200)
  })
})
