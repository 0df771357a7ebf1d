import { describe, expect, it } from 'vitest'
import type { App } from '../catalog/index.js'
import type { CredentialRow } from '../store/index.js'
import { createOpenedCache, type Opened } from './opened.js'

const app = { id: 'a' } as unknown as App
const row = (id: string, version = 1, workspaceId = 'ws_1') =>
  ({ id, version, workspaceId }) as unknown as CredentialRow
const opened = (key: string): Opened => ({
  secret: { kind: 'fields', fields: { apiKey: key } },
  injection: {
    base: new URL('https://api.example.com'),
    headers: { 'x-key': key },
    query: [],
    values: { apiKey: key },
  },
})

function cache(entries = 10, ttlMs = 1000) {
  let now = 0
  const c = createOpenedCache({ entries, ttlMs, now: () => now })
  return { c, advance: (ms: number) => (now += ms) }
}

describe('opened credentials cache', () => {
  it('answers only for the same workspace, credential, row version and app recipe', () => {
    const { c } = cache()
    const one = opened('k1')
    c.put(row('cred_1'), app, one)
    expect(c.get(row('cred_1'), app)).toBe(one)
    expect(c.get(row('cred_1', 2), app)).toBeUndefined() // the row moved on: its entry is dropped
    expect(c.get(row('cred_1'), app)).toBeUndefined()
    c.put(row('cred_1'), app, one)
    expect(c.get(row('cred_1', 1, 'ws_2'), app)).toBeUndefined()
    expect(c.get(row('cred_1'), { ...app } as App)).toBeUndefined() // a reloaded catalog's recipe
  })

  it('forgets an entry once it is older than the time to live', () => {
    const { c, advance } = cache(10, 1000)
    c.put(row('cred_1'), app, opened('k1'))
    advance(999)
    expect(c.get(row('cred_1'), app)).toBeDefined()
    advance(1)
    expect(c.get(row('cred_1'), app)).toBeUndefined()
    expect(c.size).toBe(0)
  })

  it('holds at most its number of entries, dropping the oldest first', () => {
    const { c } = cache(2)
    c.put(row('cred_1'), app, opened('k1'))
    c.put(row('cred_2'), app, opened('k2'))
    c.put(row('cred_1', 2), app, opened('k1b')) // a new version replaces, and counts as the newest
    c.put(row('cred_3'), app, opened('k3'))
    expect(c.size).toBe(2)
    expect(c.get(row('cred_2'), app)).toBeUndefined()
    expect(c.get(row('cred_1', 2), app)?.secret).toEqual({
      kind: 'fields',
      fields: { apiKey: 'k1b' },
    })
    expect(c.get(row('cred_3'), app)).toBeDefined()
  })

  it('keeps nothing with zero entries', () => {
    const { c } = cache(0)
    c.put(row('cred_1'), app, opened('k1'))
    expect(c.size).toBe(0)
    expect(c.get(row('cred_1'), app)).toBeUndefined()
  })

  it('drops stale entries on its own while the node is idle', async () => {
    const c = createOpenedCache({ entries: 10, ttlMs: 30 })
    c.put(row('cred_1'), app, opened('k1'))
    expect(c.size).toBe(1)
    await new Promise((resolve) => setTimeout(resolve, 100))
    expect(c.size).toBe(0)
  })
})
