// The modal API's OpenAPI document (src/api/connect-openapi.ts) covers every route the modal and the demo call, stays
// out of /openapi.json, and the harness's check of answers against it can fail: a wrong value, or a property the
// schema does not declare (which the serializer would drop before the modal saw it), is caught. The check itself is
// database-independent, so SQLite only.
import { afterEach, describe, expect, it } from 'vitest'
import { connectAPIDocument } from '../src/api/connect-openapi.js'
import { modalRoute } from '../src/api/connect-schemas.js'
import { sqliteDatabase } from './support/databases.js'
import { startHarness, type Harness } from './support/harness.js'

type Paths = Record<string, Record<string, { operationId: string }>>
const modalPaths = connectAPIDocument('http://localhost').paths as Paths

describe('the modal API document', () => {
  let h: Harness | undefined
  afterEach(async () => {
    await h?.close()
    h = undefined
  })

  it('documents every /connect/api route and /demo/token, and /openapi.json none of them', async () => {
    const routes: string[] = []
    h = await startHarness(sqliteDatabase, {
      demo: true,
      build: {
        onRoute: ({ method, url }) => {
          if (url.startsWith('/connect/api') || url === '/demo/token')
            for (const m of [method].flat()) if (m !== 'HEAD') routes.push(`${m} ${url}`)
        },
      },
    })
    const documented = Object.entries(modalPaths).flatMap(([path, item]) =>
      Object.keys(item).map((m) => `${m.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`),
    )
    expect(routes.sort()).toEqual(documented.sort())
    const publicPaths = Object.keys(h.app.swagger().paths ?? {})
    expect(publicPaths.filter((p) => p.startsWith('/connect/') || p.startsWith('/demo'))).toEqual(
      [],
    )
  })

  it('fails a test whose answer has a value outside its schema', async () => {
    h = await startHarness(sqliteDatabase, {
      build: {
        plugins: [
          (app) =>
            app.route({
              ...modalRoute('getModalOAuthStatus'),
              url: '/test/made-up-reason',
              handler: async () => ({ status: 'failed', reason: 'made_up', message: 'No.' }),
            }),
        ],
      },
    })
    await expect(
      h.request('POST', '/test/made-up-reason', { body: { state: 's' } }),
    ).rejects.toThrow(/getModalOAuthStatus.*made_up/s)
  })

  it('fails a test whose answer carries a property the schema would drop', async () => {
    h = await startHarness(sqliteDatabase, {
      build: {
        plugins: [
          (app) =>
            app.route({
              ...modalRoute('startModalOAuth'),
              url: '/test/undeclared-property',
              handler: async (_request, reply) =>
                reply
                  .code(201)
                  .send({ state: 's', expiresAt: new Date(0).toISOString(), popupURL: '/x' }),
            }),
        ],
      },
    })
    await expect(
      h.request('POST', '/test/undeclared-property', { body: { app: 'github' } }),
    ).rejects.toThrow(/startModalOAuth, before serialization.*popupURL/s)
  })
})
