// The lists that gained cursors: apps (name order, filters kept between pages) and webhook endpoints (id order,
// one workspace's only). Walking every page gives each item once; a made-up or foreign cursor is refused or empty.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { TEST_DATABASES } from './support/databases.js'
import { startHarness, type Harness } from './support/harness.js'

type PageBody<T> = { data: T[]; nextCursor: string | null }

async function walk<T>(
  h: Harness,
  url: (cursor: string | null) => string,
  apiKey?: string,
): Promise<{ items: T[]; pages: number }> {
  const items: T[] = []
  let cursor: string | null = null
  let pages = 0
  do {
    const response = await h.request('GET', url(cursor), apiKey ? { apiKey } : {})
    expect(response.statusCode, response.body).toBe(200)
    const body = response.json() as PageBody<T>
    items.push(...body.data)
    cursor = body.nextCursor
    pages++
  } while (cursor && pages < 1000)
  return { items, pages }
}

describe.each(TEST_DATABASES)('paged lists on $name', (database) => {
  let h: Harness
  beforeAll(async () => {
    h = await startHarness(database, { webhookAllowedHosts: ['127.0.0.1'] })
  })
  afterAll(async () => h?.close())

  it('pages the catalog in name order with the filters kept, and refuses a cursor outside the list', async () => {
    const all = (await h.request('GET', '/v1/apps')).json() as PageBody<{ app: string }>
    expect(all.nextCursor).toBeNull()
    expect(all.data.length).toBeGreaterThan(300)
    const paged = await walk<{ app: string }>(
      h,
      (c) => `/v1/apps?limit=50${c ? `&cursor=${c}` : ''}`,
    )
    expect(paged.items.map((a) => a.app)).toEqual(all.data.map((a) => a.app))
    expect(paged.pages).toBe(Math.ceil(all.data.length / 50))
    const keys = await walk<{ app: string; authType: string }>(
      h,
      (c) => `/v1/apps?authType=api_key&limit=7${c ? `&cursor=${c}` : ''}`,
    )
    expect(keys.items.every((a) => a.authType === 'api_key')).toBe(true)
    expect(keys.items.length).toBe(
      (await h.request('GET', '/v1/apps?authType=api_key')).json().data.length,
    )
    // An OAuth app's id is no cursor into the api_key list; nor is an id that is no app.
    for (const cursor of ['github', 'no-such-app']) {
      const response = await h.request('GET', `/v1/apps?authType=api_key&cursor=${cursor}`)
      expect(response.statusCode, cursor).toBe(400)
      expect(response.json().error.code).toBe('invalid_request')
    }
    expect((await h.request('GET', '/v1/apps?cursor=..%2F')).statusCode).toBe(400)
  })

  it("pages one workspace's webhook endpoints and never shows another's", async () => {
    const made: string[] = []
    for (let i = 0; i < 5; i++) {
      const created = await h.request('POST', '/v1/webhooks', {
        body: { url: `http://127.0.0.1:9/hook-${i}` },
      })
      expect(created.statusCode, created.body).toBe(201)
      made.push(created.json().webhookId)
    }
    const foreign = await h.request('POST', '/v1/webhooks', {
      body: { url: 'http://127.0.0.1:9/foreign' },
      apiKey: h.otherApiKey,
    })
    expect(foreign.statusCode).toBe(201)
    const paged = await walk<{ webhookId: string; secret?: string }>(
      h,
      (c) => `/v1/webhooks?limit=2${c ? `&cursor=${c}` : ''}`,
    )
    expect(paged.items.map((w) => w.webhookId)).toEqual(made)
    expect(paged.pages).toBe(3)
    expect(paged.items.some((w) => 'secret' in w)).toBe(false)
    // Another workspace's id as a cursor only pages through this workspace's own endpoints.
    const other = await walk<{ webhookId: string }>(
      h,
      (c) => `/v1/webhooks?limit=2${c ? `&cursor=${c}` : ''}`,
      h.otherApiKey,
    )
    expect(other.items.map((w) => w.webhookId)).toEqual([foreign.json().webhookId])
    for (const query of ['limit=0', 'limit=501', 'cursor=nope', "cursor=wh_' or 1=1"]) {
      const response = await h.request('GET', `/v1/webhooks?${encodeURI(query)}`)
      expect(response.statusCode, query).toBe(400)
    }
  })
})
