// kill -9 a node while deliveries are in flight, then let another node take over: every event reaches the
// receiver at least once. And a graceful stop hands its claimed deliveries back at once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { recordEvent } from '../src/webhooks/index.js'
import { Worker } from '../src/worker/index.js'
import { TEST_DATABASES } from './support/databases.js'
import { startHarness, testKeyringSpec, type Harness } from './support/harness.js'
import { startNodeProcess } from './support/node-process.js'
import { startReceiver, type Receiver } from './support/receiver.js'

const EVENTS = 300

describe.each(TEST_DATABASES)('webhook delivery crash safety on $name', (database) => {
  let h: Harness
  let receiver: Receiver
  const keys = testKeyringSpec()
  beforeAll(async () => {
    h = await startHarness(database, { webhookAllowedHosts: ['127.0.0.1'], keyringSpec: keys })
    // Slow answers keep many deliveries in flight when the node dies.
    receiver = await startReceiver(
      (_req, _n, res) => void setTimeout(() => res.writeHead(204).end(), 150),
    )
  })
  afterAll(async () => {
    await receiver?.close()
    await h?.close()
  })

  async function enqueue(count: number): Promise<string[]> {
    const ids: string[] = []
    for (let i = 0; i < count; i += 50) {
      await h.store.db.transaction().execute(async (trx) => {
        for (let j = i; j < Math.min(count, i + 50); j++) {
          ids.push(
            await recordEvent(
              trx,
              { workspaceId: h.workspaceId, type: 'webhook.test', data: { n: j } },
              new Date(),
            ),
          )
        }
      })
    }
    return ids
  }

  async function countByStatus(): Promise<Record<string, number>> {
    const rows = await h.store.db.selectFrom('webhookDelivery').select(['status']).execute()
    return rows.reduce<Record<string, number>>(
      (acc, r) => ({ ...acc, [r.status]: (acc[r.status] ?? 0) + 1 }),
      {},
    )
  }

  it('loses nothing when a node is killed with SIGKILL mid-delivery', async () => {
    const hook = (await h.request('POST', '/v1/webhooks', { body: { url: receiver.url } })).json()
    const eventIds = await enqueue(EVENTS)
    const node = await startNodeProcess({ database: h.databaseConfig, encryptionKeys: keys })
    await receiver.waitFor((r) => r.length >= 40)
    await node.kill('SIGKILL')
    const leased = await h.store.db
      .selectFrom('webhookDelivery')
      .select('id')
      .where('leaseOwner', 'is not', null)
      .execute()
    const before = await countByStatus()
    expect(before.pending ?? 0).toBeGreaterThan(0) // it died mid-work
    expect(leased.length).toBeGreaterThan(0) // with claims outstanding

    // Another node, its clock past the dead node's lease (45 s), takes over the claims and the rest.
    const survivor = new Worker({
      ...h.deps,
      now: () => new Date(Date.now() + 60_000),
      onError: (e) => console.error(e),
    })
    await survivor.deliveries.drain()
    await survivor.stop()

    expect(await countByStatus()).toEqual({ succeeded: EVENTS })
    const seen = receiver.ids()
    expect(eventIds.filter((id) => !seen.has(id))).toEqual([])
    expect(seen.size).toBe(EVENTS)
    // At-least-once: a send the dead node finished but could not record is sent again, under the same webhook-id.
    expect(receiver.received.length).toBeGreaterThanOrEqual(EVENTS)
    for (const r of receiver.received)
      expect(receiver.verify(r, hook.secret)).toMatchObject({ type: 'webhook.test' })
    await h.request('DELETE', `/v1/webhooks/${hook.webhookId}`)
  })

  it('hands claimed deliveries back on a graceful stop (SIGTERM)', async () => {
    receiver.received.length = 0
    await h.request('POST', '/v1/webhooks', { body: { url: receiver.url } })
    const eventIds = await enqueue(200)
    const node = await startNodeProcess({ database: h.databaseConfig, encryptionKeys: keys })
    await receiver.waitFor((r) => r.length >= 20)
    expect(await node.kill('SIGTERM')).toBe(0)
    // No lease is left behind, so a node with a normal clock picks up the rest right away.
    expect(
      await h.store.db
        .selectFrom('webhookDelivery')
        .select('id')
        .where('leaseOwner', 'is not', null)
        .execute(),
    ).toEqual([])
    const survivor = new Worker({ ...h.deps, onError: (e) => console.error(e) })
    await survivor.deliveries.drain()
    await survivor.stop()
    const seen = receiver.ids()
    expect(eventIds.filter((id) => !seen.has(id))).toEqual([])
  })
})
