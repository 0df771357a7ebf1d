// Who may frame the modal: a workspace lists origins (GET/PATCH /v1/settings, modalFrameAncestors); the embed
// script names the token's workspace in the iframe URL; /connect?embed=1&workspace=… is served with that list as
// CSP frame-ancestors (`*` when the workspace set none), and its API calls (Keyport-Frame-Workspace) refuse a
// token of any other workspace. The hosted page (/connect#token=…) is never framed and takes any token.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildEmbedScripts } from '../src/modal/index.js'
import { TEST_DATABASES } from './support/databases.js'
import { startHarness, type Harness } from './support/harness.js'

const frameAncestors = (csp: unknown) =>
  /frame-ancestors ([^;]*)/.exec(String(csp))?.[1]?.trim() ?? null

describe.each(TEST_DATABASES)('modal frame-ancestors on $name', (database) => {
  let h: Harness
  let token: string
  let otherToken: string

  beforeAll(async () => {
    h = await startHarness(database)
    const mint = async (apiKey: string) => {
      const userId = (
        await h.request('POST', '/v1/users', { apiKey, body: { username: 'framed' } })
      ).json().userId
      return (await h.request('POST', `/v1/users/${userId}/token`, { apiKey, body: {} })).json()
        .token as string
    }
    token = await mint(h.apiKey)
    otherToken = await mint(h.otherApiKey)
  })
  afterAll(async () => h?.close())

  const page = async (query: string) =>
    frameAncestors(
      (await h.request('GET', `/connect${query}`, { apiKey: null })).headers[
        'content-security-policy'
      ],
    )
  const session = (bearer: string, framedFor?: string) =>
    h.request('GET', '/connect/api/session', {
      apiKey: null,
      headers: {
        authorization: `Bearer ${bearer}`,
        ...(framedFor ? { 'keyport-frame-workspace': framedFor } : {}),
      },
    })

  it('names the workspace in the token and in the iframe URL the embed script builds', () => {
    expect(token.endsWith(`.${h.workspaceId}`)).toBe(true)
    const { classic } = buildEmbedScripts('http://localhost:3000')
    // Minified: the script reads the workspace off the token's suffix and names it in the iframe URL.
    expect(classic).toContain('ws_[0-9a-z]{26})$/')
    expect(classic).toContain('&workspace=')
  })

  it('starts with any origin, and keeps the hosted page unframeable', async () => {
    expect((await h.request('GET', '/v1/settings')).json()).toEqual({ modalFrameAncestors: null })
    expect(await page(`?embed=1&workspace=${h.workspaceId}`)).toBe('*')
    expect(await page('?embed=1')).toBe('*')
    expect(await page('')).toBe("'none'")
    expect(await page(`?workspace=${h.workspaceId}`)).toBe("'none'")
    expect(await page('?embed=1&workspace=ws_nonsense%20*')).toBe("'none'")
    expect((await session(token, h.workspaceId)).statusCode).toBe(200)
    expect((await session(token, 'none')).statusCode).toBe(200)
  })

  it('serves a listed workspace framed only by its origins, and only its own tokens there', async () => {
    const patched = await h.request('PATCH', '/v1/settings', {
      body: {
        modalFrameAncestors: [
          'https://App.Example.com',
          'https://*.example.org:8443',
          'http://localhost:5173',
          'https://app.example.com/',
        ],
      },
    })
    expect(patched.statusCode, patched.body).toBe(200)
    const list = ['https://app.example.com', 'https://*.example.org:8443', 'http://localhost:5173']
    expect(patched.json()).toEqual({ modalFrameAncestors: list })
    expect((await h.request('GET', '/v1/settings')).json()).toEqual({ modalFrameAncestors: list })
    expect(await page(`?embed=1&workspace=${h.workspaceId}`)).toBe(list.join(' '))
    // The other workspace is untouched: its page and its settings still allow any origin.
    expect(await page(`?embed=1&workspace=${h.otherWorkspaceId}`)).toBe('*')
    expect((await h.request('GET', '/v1/settings', { apiKey: h.otherApiKey })).json()).toEqual({
      modalFrameAncestors: null,
    })

    // This workspace's token, on a page framed for it: served.
    expect((await session(token, h.workspaceId)).statusCode).toBe(200)
    // On a page framed for another workspace (whose list the attacker controls), or for none (any origin): refused.
    for (const framedFor of [h.otherWorkspaceId, 'none', 'ws_00000000000000000000000000']) {
      const refused = await session(token, framedFor)
      expect(refused.statusCode, framedFor).toBe(403)
      expect(refused.json().error.code).toBe('forbidden')
    }
    // The other workspace's token is refused on a page framed for this one.
    expect((await session(otherToken, h.workspaceId)).statusCode).toBe(403)
    expect((await session(otherToken, 'none')).statusCode).toBe(200)
    // The hosted page (never framed) sends no header: any valid token works there.
    expect((await session(token)).statusCode).toBe(200)
  })

  it('takes [] as "no origin" and null as "any origin" again', async () => {
    await h.request('PATCH', '/v1/settings', { body: { modalFrameAncestors: [] } })
    expect(await page(`?embed=1&workspace=${h.workspaceId}`)).toBe("'none'")
    await h.request('PATCH', '/v1/settings', { body: {} })
    expect(await page(`?embed=1&workspace=${h.workspaceId}`)).toBe("'none'")
    await h.request('PATCH', '/v1/settings', { body: { modalFrameAncestors: null } })
    expect(await page(`?embed=1&workspace=${h.workspaceId}`)).toBe('*')
    expect((await session(token, 'none')).statusCode).toBe(200)
  })

  it('refuses anything but an origin, naming the entry', async () => {
    for (const bad of [
      'http://app.example.com',
      '*',
      "'self'",
      'https://*',
      'https://a.*.example.com',
      'https://app.example.com/path',
      'https://user:pass@app.example.com',
      'https://app.example.com?',
      'https://app.example.com#',
      'https://app.example.com; script-src *',
      'https://app.example.com https://evil.example',
      'javascript:alert(1)',
      'data:text/html,x',
      'app.example.com',
      'http://10.0.0.1',
      '',
    ]) {
      const response = await h.request('PATCH', '/v1/settings', {
        body: { modalFrameAncestors: ['https://ok.example.com', bad] },
      })
      expect(response.statusCode, bad).toBe(400)
      expect(response.json().error.code).toBe('invalid_request')
      expect(response.json().error.fields).toEqual([
        { field: 'modalFrameAncestors.1', message: expect.any(String) },
      ])
    }
    for (const body of [
      { modalFrameAncestors: 'https://app.example.com' },
      { modalFrameAncestors: Array(21).fill('https://app.example.com') },
      { frameAncestors: [] },
    ]) {
      const response = await h.request('PATCH', '/v1/settings', { body })
      expect(response.statusCode, JSON.stringify(body)).toBe(400)
    }
    expect((await h.request('GET', '/v1/settings')).json()).toEqual({ modalFrameAncestors: null })
  })

  it('answers 401 without a key, and documents the route', async () => {
    for (const method of ['GET', 'PATCH']) {
      const response = await h.request(method, '/v1/settings', {
        apiKey: null,
        body: { modalFrameAncestors: [] },
      })
      expect(response.statusCode).toBe(401)
    }
    const doc = (await h.request('GET', '/openapi.json', { apiKey: null })).json()
    expect(Object.keys(doc.paths['/v1/settings'])).toEqual(['get', 'patch'])
  })
})
