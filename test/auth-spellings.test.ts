// Authentication hangs on the route, not on the spelling of its URL: every route of the served OpenAPI document,
// plus every route under a guarded path (the hidden modal API included), is requested over a raw socket with
// many spellings of its target (percent-encoded letters and digits, `//`, `/./`, `/x/../`, `;`, absolute-form with
// any host) and no key or a bad one. Each answer is the route's 401, or a refusal that never reached a handler
// (no route, malformed target): never a 2xx, never a 5xx, never a handler's own error.
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildApp } from '../src/app.js'
import { TEST_DATABASES } from './support/databases.js'
import { startHarness, type Harness } from './support/harness.js'
import { rawRequest, type RawResponse } from './support/raw-http.js'

interface Route {
  method: string
  path: string
}

const GUARDED = /^\/(v1|connect\/api|mcp)(\/|$)/

/** Placeholder ids: a handler reached without a key would answer `…_not_found` for them, which the test spots. */
const fillParams = (path: string) =>
  path.replace(/\{(\w+)\}|:(\w+)/g, (_, a: string | undefined, b: string | undefined) => {
    const name = (a ?? b)!
    return name === 'app' ? 'stripe' : `${name.replace(/Id$/, '').slice(0, 4)}_probe`
  })

const encode = (c: string) => `%${c.charCodeAt(0).toString(16)}`

/** Other spellings of `path` that a router may send to the same handler. */
function spellings(path: string, port: number): string[] {
  const [, first = '', rest = ''] = /^\/([^/]+)(.*)$/.exec(path) ?? []
  const [, second = '', tail = ''] = /^\/([^/]+)(.*)$/.exec(rest) ?? []
  const all = [
    path,
    `/${encode(first[0]!)}${first.slice(1)}${rest}`,
    `/${first.slice(0, -1)}${encode(first.at(-1)!)}${rest}`,
    `/${[...first].map(encode).join('')}${rest}`,
    `/${[...first].map(encode).join('').toUpperCase()}${rest}`,
    ...(second ? [`/${first}/${encode(second[0]!)}${second.slice(1)}${tail}`] : []),
    `/${first.toUpperCase()}${rest}`,
    `/%25${encode(first[0]!).slice(1)}${first.slice(1)}${rest}`,
    `/${path}`,
    `//${path}`,
    `/.${path}`,
    `/x/..${path}`,
    `/%2e${path}`,
    `/x/%2e%2e${path}`,
    `/${first}/${rest}`,
    `/${first}/.${rest}`,
    `/${first}/x/..${rest}`,
    `/${first}%2f${rest.slice(1)}`,
    `${path};`,
    `${path};x=1`,
    `${path}/`,
    `${path}?`,
    `${path}%20`,
    `http://h.example${path}`,
    `https://h.example:1${path}`,
    `HTTP://H.EXAMPLE${path}`,
    `http://127.0.0.1:${port}${path}`,
    `http://h.example/${encode(first[0]!)}${first.slice(1)}${rest}`,
    `http://user:pass@h.example${path}`,
    `http://h.example//${path.slice(1)}`,
  ]
  return [...new Set(all)]
}

/** An answer that never reached a handler: the 401 of the check, no route, or a malformed target. */
function refusedBeforeHandler(response: RawResponse): boolean {
  if (response.status === 401) return true
  let body: { error?: { code?: string; fields?: unknown } } = {}
  try {
    body = JSON.parse(response.body)
  } catch {
    // Node's own 400 for a target it cannot parse has no JSON body.
  }
  if (response.status === 404) return body.error?.code === 'not_found'
  if (response.status === 400) return body.error?.fields === undefined
  return false
}

async function inBatches<T>(items: T[], size: number, run: (item: T) => Promise<void>) {
  for (let i = 0; i < items.length; i += size) await Promise.all(items.slice(i, i + size).map(run))
}

describe.each(TEST_DATABASES)('authentication by route on $name', (database) => {
  let h: Harness
  let port: number
  const hooked: Route[] = []

  beforeAll(async () => {
    h = await startHarness(database, {
      build: {
        onRoute: ({ method, url }) => {
          if (!GUARDED.test(url)) return
          for (const m of [method].flat()) if (m !== 'HEAD') hooked.push({ method: m, path: url })
        },
      },
    })
    await h.app.listen({ port: 0, host: '127.0.0.1' })
    port = (h.app.server.address() as AddressInfo).port
  })
  afterAll(async () => h?.close())

  async function allRoutes(): Promise<Route[]> {
    const doc = (await h.request('GET', '/openapi.json', { apiKey: null })).json() as {
      paths: Record<string, Record<string, unknown>>
    }
    const documented = Object.entries(doc.paths).flatMap(([path, methods]) =>
      Object.keys(methods)
        // A HEAD answer has no body to tell Keyport's 404 from the router's; its GET twin is probed instead.
        .filter((m) => m !== 'head')
        .map((m) => ({ method: m.toUpperCase(), path })),
    )
    const seen = new Set<string>()
    return [...documented, ...hooked].filter((r) => {
      const key = `${r.method} ${fillParams(r.path)}`
      return seen.has(key) ? false : (seen.add(key), true)
    })
  }

  it('covers the documented API and the hidden modal API', async () => {
    const routes = (await allRoutes()).map((r) => `${r.method} ${fillParams(r.path)}`)
    expect(routes).toContain('GET /v1/users')
    expect(routes).toContain('GET /v1/credentials/cred_probe/secret')
    expect(routes).toContain('POST /connect/api/credentials')
    expect(routes.length).toBeGreaterThan(35)
  })

  it('never lets a spelling of a guarded route past its key check, with no key or a bad one', async () => {
    const routes = (await allRoutes()).filter((r) => GUARDED.test(r.path))
    const through: string[] = []
    const probes = routes.flatMap((route) =>
      spellings(fillParams(route.path), port).flatMap((target) =>
        [
          {} as Record<string, string>,
          { authorization: 'Bearer kp_wrongwrongwrongwrongwrongwrongwrongwrongwro' },
        ].map((headers) => ({ route, target, headers })),
      ),
    )
    await inBatches(probes, 16, async ({ route, target, headers }) => {
      const hasBody = ['POST', 'PUT', 'PATCH'].includes(route.method)
      const response = await rawRequest(port, {
        method: route.method,
        target,
        headers,
        ...(hasBody
          ? { body: JSON.stringify(route.path === '/v1/users' ? { username: 'probe' } : {}) }
          : {}),
      })
      if (!refusedBeforeHandler(response))
        through.push(
          `${response.status} ${route.method} ${target} (${headers.authorization ? 'bad' : 'no'} key) ${response.body.slice(0, 120)}`,
        )
    })
    expect(through).toEqual([])
    expect(probes.length).toBeGreaterThan(1000)
    // Nothing was written by any of them.
    const users = await h.request('GET', '/v1/users')
    expect(users.json().data).toEqual([])
  })
})

describe('the guarded contexts', () => {
  it('refuse to boot with a /v1 or /connect/api route registered outside them', async () => {
    const [database] = TEST_DATABASES
    const h = await startHarness(database!)
    try {
      for (const url of ['/v1/sneaky', '/connect/api/sneaky', '/mcp/sneaky']) {
        await expect(
          buildApp(h.deps, { plugins: [(app) => void app.get(url, async () => ({ ok: true }))] }),
        ).rejects.toThrow(/outside an authenticated context/)
      }
    } finally {
      await h.close()
    }
  })

  it('make request.workspaceId throw on a route outside the /v1 context', async () => {
    const [database] = TEST_DATABASES
    const h = await startHarness(database!)
    try {
      const app = await buildApp(h.deps, {
        plugins: [
          (app) => void app.get('/leaky', async (request) => ({ id: request.workspaceId })),
        ],
      })
      const response = await app.inject({
        method: 'GET',
        url: '/leaky',
        headers: { authorization: `Bearer ${h.apiKey}` },
      })
      expect(response.statusCode).toBe(500)
      expect(response.json().error.code).toBe('internal_error')
      await app.close()
    } finally {
      await h.close()
    }
  })
})
