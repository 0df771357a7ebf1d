// The console served for real on loopback, with a workspace worth looking at: users, credentials of two apps (one
// expired, one ending this week, one failing), a webhook endpoint with a failed delivery. A movable clock lets a
// test run past the session timeouts. Used by the console's browser tests and scripts/console-screenshots.ts.
import { freePort } from './ports.js'
import type { TestDatabase } from './databases.js'
import { startHarness, type Harness } from './harness.js'
import { createUserCredential, type UserCredential } from './credentials.js'

export interface ConsoleServer {
  h: Harness
  /** http://127.0.0.1:<port> */
  base: string
  /** alice's expired Stripe credential, bob's active one, carol's OpenAI one (ends in 3 days). */
  expired: UserCredential
  active: UserCredential
  expiring: UserCredential
  webhookId: string
  /** Moves the server's clock (sessions, expiries) forward. */
  advance(ms: number): void
  /** A one-time sign-in link for a new console user of the main workspace, made through the API. */
  signInLink(email: string, role: 'admin' | 'support'): Promise<string>
  close(): Promise<void>
}

export async function startConsoleServer(database: TestDatabase): Promise<ConsoleServer> {
  const port = await freePort()
  const base = `http://127.0.0.1:${port}`
  let offset = 0
  const h = await startHarness(database, {
    publicURL: base,
    now: () => new Date(Date.now() + offset),
    webhookAllowedHosts: ['127.0.0.1'],
  })
  const expired = await createUserCredential(h, {
    username: 'alice',
    email: 'alice@example.com',
    app: 'stripe',
    data: { apiKey: 'sk_test_alice000000000000000' },
    skipVerification: true,
  })
  const active = await createUserCredential(h, {
    username: 'bob',
    email: 'bob@example.com',
    app: 'stripe',
    data: { apiKey: 'sk_test_bob0000000000000000' },
    skipVerification: true,
  })
  const expiring = await createUserCredential(h, {
    username: 'carol',
    email: 'carol@example.org',
    app: 'openai',
    data: { apiKey: 'sk-proj-carol0000000000000000000' },
    skipVerification: true,
  })
  const at = (ms: number) => new Date(Date.now() + ms).toISOString()
  // What the API cannot make directly: an expiry an hour ago, a key ending in 3 days, a failing check.
  await h.store.db
    .updateTable('credential')
    .set({ status: 'expired', expiredReason: 'reported_invalid', expiredAt: at(-3_600_000) })
    .where('id', '=', expired.credentialId)
    .execute()
  await h.store.db
    .updateTable('credential')
    .set({ expiresAt: at(3 * 86_400_000) })
    .where('id', '=', expiring.credentialId)
    .execute()
  await h.store.db
    .updateTable('credential')
    .set({ failingSince: at(-1_800_000), failureCount: 2 })
    .where('id', '=', active.credentialId)
    .execute()
  // A webhook endpoint with one delivery given up on (500 four times) and one test event still pending.
  const hook = await h.request('POST', '/v1/webhooks', {
    body: { url: 'http://127.0.0.1:9/keyport-hook', events: ['credential.expired'] },
  })
  if (hook.statusCode !== 201) throw new Error(`POST /v1/webhooks: ${hook.body}`)
  const webhookId: string = hook.json().webhookId
  const test = await h.request('POST', `/v1/webhooks/${webhookId}/test`)
  await h.store.db
    .updateTable('webhookDelivery')
    .set({
      status: 'failed',
      attempts: 4,
      lastStatusCode: 500,
      lastError: 'HTTP 500 from the endpoint',
      lastAttemptAt: at(-600_000),
      nextAttemptAt: null,
    })
    .where('id', '=', test.json().deliveryId)
    .execute()
  await h.request('POST', `/v1/webhooks/${webhookId}/test`)

  await h.app.listen({ port, host: '127.0.0.1' })
  return {
    h,
    base,
    expired,
    active,
    expiring,
    webhookId,
    advance(ms) {
      offset += ms
    },
    async signInLink(email, role) {
      const created = await h.request('POST', '/v1/console-users', { body: { email, role } })
      if (created.statusCode !== 201) throw new Error(`POST /v1/console-users: ${created.body}`)
      return created.json().signInUrl
    },
    close: () => h.close(),
  }
}
