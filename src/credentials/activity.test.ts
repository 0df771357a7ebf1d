import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { TEST_DATABASES } from '../../test/support/databases.js'
import { startHarness, type Harness } from '../../test/support/harness.js'
import { ActivityLog } from './activity.js'

describe.each(TEST_DATABASES)('batched activity on $name', (database) => {
  let h: Harness
  beforeAll(async () => {
    h = await startHarness(database)
  })
  afterAll(async () => h?.close())

  it('keeps rows through a failed flush and writes them on the next one', async () => {
    let fail = true
    // ActivityLog only opens transactions; this stand-in fails them while `fail` is set.
    const db = {
      transaction: () =>
        fail
          ? { execute: () => Promise.reject(new Error('database away')) }
          : h.store.db.transaction(),
    } as unknown as typeof h.store.db
    const activity = new ActivityLog(db, () => new Date())
    activity.record({
      workspaceId: h.workspaceId,
      actor: 'api_key',
      action: 'credential.secret_read',
      target: 'cred_flaky',
      requestId: null,
    })
    await expect(activity.flush()).rejects.toThrow('database away')
    fail = false
    await activity.flush()
    const rows = await h.store.db
      .selectFrom('auditLog')
      .select('target')
      .where('target', '=', 'cred_flaky')
      .execute()
    expect(rows).toHaveLength(1)
  })
})
