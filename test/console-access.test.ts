// The console's route table (src/api/console-access.ts) against the API as it is: every /v1 route of the OpenAPI
// document has a rule, every rule names a real route, and what is not in the table is refused to sessions.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CONSOLE_ROUTES, consoleRefusal, consoleRuleFor } from '../src/api/console-access.js'
import { sqliteDatabase } from './support/databases.js'
import { startHarness, type Harness } from './support/harness.js'

describe('the console route table', () => {
  let h: Harness
  let documented: string[]
  const registered: string[] = []

  beforeAll(async () => {
    h = await startHarness(sqliteDatabase, {
      build: {
        onRoute: ({ method, url }) => {
          if (url.startsWith('/v1/'))
            for (const m of [method].flat()) if (m !== 'HEAD') registered.push(`${m} ${url}`)
        },
      },
    })
    const doc = (await h.app.inject({ method: 'GET', url: '/openapi.json' })).json() as {
      paths: Record<string, Record<string, unknown>>
    }
    documented = Object.entries(doc.paths)
      .filter(([path]) => path.startsWith('/v1/'))
      .flatMap(([path, operations]) =>
        Object.keys(operations).map(
          (method) =>
            // The document names Fastify's trailing wildcard `{path}` (src/api/openapi.ts).
            `${method.toUpperCase()} ${path.replace(/\{path\}$/, '*').replace(/\{(\w+)\}/g, ':$1')}`,
        ),
      )
  })
  afterAll(async () => h?.close())

  it('has a rule for every /v1 route of the OpenAPI document', () => {
    expect(documented.length).toBeGreaterThan(50)
    const missing = documented.filter((route) => {
      const [method, url] = route.split(' ') as [string, string]
      return !(route in CONSOLE_ROUTES) && !(`* ${url}` in CONSOLE_ROUTES) && method !== 'HEAD'
    })
    expect(missing, 'add these to CONSOLE_ROUTES (src/api/console-access.ts)').toEqual([])
  })

  it('has a rule for every /v1 route registered, documented or hidden', () => {
    expect(registered).toContain('GET /v1/credentials/:credentialId/secret')
    const unlisted = registered.filter((route) => {
      const url = route.split(' ')[1]!
      return !(route in CONSOLE_ROUTES) && !(`* ${url}` in CONSOLE_ROUTES)
    })
    expect(unlisted, 'add these to CONSOLE_ROUTES (src/api/console-access.ts)').toEqual([])
  })

  it('names only routes that exist', () => {
    const urls = new Set(documented.map((route) => route.split(' ')[1]))
    const stale = Object.keys(CONSOLE_ROUTES).filter((key) => {
      const [method, url] = key.split(' ') as [string, string]
      return method === '*' ? !urls.has(url) : !documented.includes(key)
    })
    expect(stale).toEqual([])
  })

  it('refuses sessions what it does not list, and follows GET for HEAD', () => {
    expect(consoleRuleFor('GET', '/v1/not-in-the-table').access).toBe('never')
    expect(consoleRuleFor('POST', '/v1/users/:userId/credentials').access).toBe('never')
    expect(consoleRuleFor('GET', undefined).access).toBe('never')
    expect(consoleRuleFor('HEAD', '/v1/credentials/:credentialId/secret').access).toBe('never')
    expect(consoleRuleFor('PATCH', '/v1/proxy/:credentialId/*').access).toBe('never')
    expect(consoleRefusal(consoleRuleFor('GET', '/v1/users'), 'support')).toBeNull()
    expect(consoleRefusal(consoleRuleFor('GET', '/v1/api-keys'), 'support')).toBe(
      'forbidden_for_role',
    )
    expect(consoleRefusal(consoleRuleFor('GET', '/v1/api-keys'), 'admin')).toBeNull()
    expect(consoleRefusal(consoleRuleFor('GET', '/v1/nope'), 'admin')).toBe(
      'not_allowed_for_console',
    )
  })
})
