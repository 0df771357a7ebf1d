import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { hashSecret } from '../crypto/index.js'
import { TEST_DATABASES } from '../../test/support/databases.js'
import { startHarness, type Harness } from '../../test/support/harness.js'
import { housekeepingSweeps } from './build.js'

describe.each(TEST_DATABASES)('housekeeping on $name', (database) => {
  let h: Harness
  beforeAll(async () => {
    h = await startHarness(database)
  })
  afterAll(async () => h?.close())

  it('deletes expired connect tokens and long-expired OAuth flows, and keeps live ones', async () => {
    const { userId } = (await h.request('POST', '/v1/users', { body: { username: 'tidy' } })).json()
    const at = (ms: number) => new Date(Date.now() + ms).toISOString()
    const token = (name: string, expiresAt: string) => ({
      hash: hashSecret(name),
      workspaceId: h.workspaceId,
      userId,
      apps: null,
      expiresAt,
      createdAt: at(-1),
    })
    await h.store.db
      .insertInto('connectToken')
      .values([token('old', at(-1000)), token('live', at(600_000))])
      .execute()
    const flow = (name: string, expiresAt: string) => ({
      stateHash: hashSecret(name),
      workspaceId: h.workspaceId,
      userId,
      app: 'shopify',
      credentialId: null,
      verifierSealed: null,
      browserHash: 'b',
      fields: '{}',
      expiresAt,
      usedAt: null,
      createdAt: at(-1),
      errorMessage: null,
    })
    await h.store.db
      .insertInto('oauthFlow')
      .values([
        flow('ancient', at(-2 * 3_600_000)),
        flow('recent', at(-60_000)),
        flow('live', at(600_000)),
      ])
      .execute()

    await housekeepingSweeps(h.store.db, () => new Date())[0]!.run()

    const tokens = await h.store.db
      .selectFrom('connectToken')
      .select('hash')
      .where('userId', '=', userId)
      .execute()
    expect(tokens.map((t) => t.hash)).toEqual([hashSecret('live')])
    const flows = await h.store.db
      .selectFrom('oauthFlow')
      .select('stateHash')
      .where('userId', '=', userId)
      .execute()
    expect(flows.map((f) => f.stateHash).sort()).toEqual(
      [hashSecret('live'), hashSecret('recent')].sort(),
    )
  })
})
