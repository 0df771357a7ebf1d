// The background half of a node, measured: one pass of each credential sweep over the seeded table, and webhook
// deliveries per second from the running Keyport node(s) to a local receiver (with a duplicate count, which must
// stay 0 however many nodes deliver).
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { BUILTIN_CATALOG_DIR, createCatalog, loadCatalog } from '../src/catalog/index.js'
import { credentialSweeps } from '../src/credentials/index.js'
import type { Keyring } from '../src/crypto/index.js'
import { assembleDeps } from '../src/main.js'
import type { Store } from '../src/store/index.js'
import { recordEvent } from '../src/webhooks/index.js'

export interface SweepTiming {
  name: string
  ms: number
  rows: number
}

/** The sweeps see the real rows; their fetch refuses everything, so nothing can reach a provider from the bench. */
export async function measureSweeps(store: Store, keyring: Keyring): Promise<SweepTiming[]> {
  const refuse = (async () => {
    throw new Error('the bench never calls out')
  }) as unknown as typeof fetch
  const catalog = createCatalog(loadCatalog([BUILTIN_CATALOG_DIR]))
  const deps = assembleDeps({
    store,
    keyring,
    catalog,
    publicURL: 'http://127.0.0.1',
    fetch: refuse,
  })
  const timings: SweepTiming[] = []
  for (const sweep of credentialSweeps(deps)) {
    const started = performance.now()
    const rows = await sweep.run()
    timings.push({ name: sweep.name, ms: Math.round(performance.now() - started), rows })
  }
  await deps.activity.stop()
  return timings
}

export interface DeliveryRate {
  deliveries: number
  seconds: number
  perSecond: number
  duplicates: number
}

export async function measureDeliveries(
  store: Store,
  keyportURL: string,
  apiKey: string,
  workspaceId: string,
  count = 2000,
): Promise<DeliveryRate> {
  const seen = new Set<string>()
  let received = 0
  let done: () => void = () => undefined
  const all = new Promise<void>((resolve) => (done = resolve))
  const receiver = createServer((request, response) => {
    request.resume()
    request.on('end', () => {
      received++
      seen.add(String(request.headers['webhook-id']))
      response.writeHead(204).end()
      if (seen.size >= count) done()
    })
  })
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve))
  const port = (receiver.address() as AddressInfo).port
  const auth = { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' }
  const created = await fetch(`${keyportURL}/v1/webhooks`, {
    method: 'POST',
    headers: auth,
    body: JSON.stringify({ url: `http://127.0.0.1:${port}/hook` }),
  })
  if (created.status !== 201)
    throw new Error(`creating the bench webhook: HTTP ${created.status} ${await created.text()}`)
  const { webhookId } = (await created.json()) as { webhookId: string }
  try {
    // The whole backlog commits at once, then the clock runs until the receiver has seen every event.
    await store.db.transaction().execute(async (trx) => {
      for (let i = 0; i < count; i++)
        await recordEvent(
          trx,
          { workspaceId, type: 'webhook.test', data: { bench: i } },
          new Date(),
        )
    })
    const started = performance.now()
    const timeout = setTimeout(done, 120_000)
    await all
    clearTimeout(timeout)
    const seconds = (performance.now() - started) / 1000
    await new Promise((resolve) => setTimeout(resolve, 1000)) // late duplicates, if any
    return {
      deliveries: seen.size,
      seconds: Math.round(seconds * 10) / 10,
      perSecond: Math.round(seen.size / seconds),
      duplicates: received - seen.size,
    }
  } finally {
    await fetch(`${keyportURL}/v1/webhooks/${webhookId}`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${apiKey}` },
    })
    receiver.close()
  }
}
