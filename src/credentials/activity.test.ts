import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { TEST_DATABASES } from '../../test/support/databases.js'
import { createUserCredential } from '../../test/support/credentials.js'
import { startHarness, type Harness } from '../../test/support/harness.js'
import { ActivityLog, WRITE_ROWS } from './activity.js'
import { listAuditRows, type WriteActivity } from '../store/index.js'

describe.each(TEST_DATABASES)('batched activity on $name', (database) => {
  let h: Harness
  beforeAll(async () => {
    h = await startHarness(database)
  })
  afterAll(async () => h?.close())

  /** A stored credential of an app with no verification request, under a new user. */
  const createCredential = async (username: string) =>
    (
      await createUserCredential(h, {
        username,
        app: 'cognito-forms',
        data: { apiKey: `k_${username}_0123` },
      })
    ).credentialId

  it('keeps rows through a failed flush and writes them on the next one', async () => {
    let fail = true
    const write: WriteActivity = (...args) =>
      fail ? Promise.reject(new Error('database away')) : h.store.writeActivity(...args)
    const activity = new ActivityLog(write, () => new Date())
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

  it('writes a large flush in full: every audit row with its fields, and lastUsedAt of each credential read', async () => {
    const credentialId = await createCredential('batch-user')
    const at = new Date('2031-05-06T07:08:09.010Z')
    const activity = new ActivityLog(h.store.writeActivity, () => at)
    const targets = Array.from({ length: 1234 }, (_, i) => `cred_batch_${i}`)
    for (const [i, target] of targets.entries()) {
      activity.record({
        workspaceId: h.workspaceId,
        actor: 'api_key',
        action: 'credential.secret_read',
        target,
        // Quotes, backslashes and non-ASCII survive the trip (one JSON parameter on PostgreSQL).
        requestId: i % 2 ? `req_"q\\u00e9\u00e9_${i}` : null,
      })
    }
    activity.record({ ...auditOf(h.workspaceId), target: credentialId }, credentialId)
    await activity.flush()
    const rows = await h.store.db
      .selectFrom('auditLog')
      .selectAll()
      .where('target', 'like', 'cred_batch_%')
      .orderBy('target')
      .execute()
    expect(rows).toHaveLength(1234)
    const row7 = rows.find((r) => r.target === 'cred_batch_7')
    expect(row7).toMatchObject({
      workspaceId: h.workspaceId,
      actor: 'api_key',
      action: 'credential.secret_read',
      requestId: 'req_"q\\u00e9\u00e9_7',
      createdAt: at.toISOString(),
    })
    expect(rows.find((r) => r.target === 'cred_batch_8')?.requestId).toBeNull()
    expect(new Set(rows.map((r) => r.id)).size).toBe(1234)
    const credential = await h.request('GET', `/v1/credentials/${credentialId}`)
    expect(credential.json().lastUsedAt).toBe(at.toISOString())
  })

  it(`writes ${WRITE_ROWS} rows per transaction; a failed write puts back only what was not written`, async () => {
    let writes = 0
    const write: WriteActivity = (rows, ...rest) => {
      writes++
      expect(rows.length).toBeLessThanOrEqual(WRITE_ROWS)
      return writes === 3
        ? Promise.reject(new Error('database away'))
        : h.store.writeActivity(rows, ...rest)
    }
    const activity = new ActivityLog(write, () => new Date())
    const count = WRITE_ROWS * 4 + 17
    for (let i = 0; i < count; i++)
      activity.record({ ...auditOf(h.workspaceId), target: `cred_chunked_${i}` })
    await expect(activity.flush()).rejects.toThrow('database away')
    const written = () =>
      h.store.db
        .selectFrom('auditLog')
        .select('target')
        .where('target', 'like', 'cred_chunked_%')
        .execute()
    expect(await written()).toHaveLength(WRITE_ROWS * 2)
    await activity.flush()
    const rows = await written()
    expect(rows).toHaveLength(count)
    expect(new Set(rows.map((r) => r.target)).size).toBe(count)
    expect(writes).toBe(3 + 3)
  })

  it('a flush while another transaction is open neither joins it nor is lost when it rolls back', async () => {
    const activity = new ActivityLog(h.store.writeActivity, () => new Date())
    activity.record({ ...auditOf(h.workspaceId), target: 'cred_beside_a_rollback' })
    let flushed: Promise<void> | undefined
    await expect(
      h.store.db.transaction().execute(async (trx) => {
        await trx.deleteFrom('auditLog').where('target', '=', 'nothing').execute()
        flushed = activity.flush()
        // Give the flush every chance to run while this transaction is still open.
        await new Promise((resolve) => setTimeout(resolve, 50))
        throw new Error('rolled back')
      }),
    ).rejects.toThrow('rolled back')
    await flushed
    const rows = await listAuditRows(h.store.db, h.workspaceId, 'cred_beside_a_rollback')
    expect(rows).toHaveLength(1)
  })

  it('audits every read but moves lastUsedAt at most once a minute per credential', async () => {
    const credentialId = await createCredential('minute-user')
    let clock = new Date('2032-01-01T00:00:00.000Z')
    const activity = new ActivityLog(h.store.writeActivity, () => clock)
    const readAt = async (iso: string) => {
      clock = new Date(iso)
      activity.record({ ...auditOf(h.workspaceId), target: credentialId }, credentialId)
      await activity.flush()
      return (await h.request('GET', `/v1/credentials/${credentialId}`)).json().lastUsedAt
    }
    expect(await readAt('2032-01-01T00:00:00.000Z')).toBe('2032-01-01T00:00:00.000Z')
    expect(await readAt('2032-01-01T00:00:59.000Z')).toBe('2032-01-01T00:00:00.000Z')
    expect(await readAt('2032-01-01T00:01:00.000Z')).toBe('2032-01-01T00:01:00.000Z')
    const audited = await listAuditRows(h.store.db, h.workspaceId, credentialId)
    expect(audited.filter((r) => r.action === 'credential.secret_read')).toHaveLength(3)
  })
})

function auditOf(workspaceId: string) {
  return { workspaceId, actor: 'api_key', action: 'credential.secret_read', requestId: null }
}
