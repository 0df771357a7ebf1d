import { sql } from 'kysely'
import type { Sealed, SealContext } from '../crypto/index.js'
import type { DB } from './database.js'

/**
 * Every column holding a sealed value, with what its AAD row id is. Add an entry here with each new `_sealed`
 * column: the use cases build their seal contexts from it (sealContextOf) and key rotation walks it, so a value
 * sealed under a context is always one that rotation can find and rewrap.
 */
export const SEALED = {
  credentialSecret: { table: 'credential', column: 'secret_sealed', rowId: 'id' },
  oauthClientSecret: { table: 'oauth_client', column: 'client_secret_sealed', rowId: 'app' },
  oauthFlowVerifier: { table: 'oauth_flow', column: 'verifier_sealed', rowId: 'state_hash' },
  webhookSecret: { table: 'webhook_endpoint', column: 'secret_sealed', rowId: 'id' },
  webhookPreviousSecret: {
    table: 'webhook_endpoint',
    column: 'previous_secret_sealed',
    rowId: 'id',
  },
  idempotencyResponse: { table: 'idempotency_key', column: 'response_sealed', rowId: 'id' },
} as const

export type SealedColumn = (typeof SEALED)[keyof typeof SEALED]

export const SEALED_COLUMNS: readonly SealedColumn[] = Object.values(SEALED)

/** The AAD of one sealed value: a value copied to another workspace, table, row or column does not open. */
export function sealContextOf(
  target: SealedColumn,
  workspaceId: string,
  rowId: string,
): SealContext {
  return { workspaceId, table: target.table, rowId, column: target.column }
}

export interface SealedValue {
  context: SealContext
  value: Sealed
}

/** A page of values not yet sealed under `kid`, in row-id order after `afterRowId`. */
export async function listValuesNotUnder(
  db: DB,
  target: SealedColumn,
  kid: string,
  options: { afterRowId: string; limit: number },
): Promise<SealedValue[]> {
  const { rows } = await sql<{ ws: string; rid: string; val: string }>`
    select workspace_id as ws, ${sql.ref(target.rowId)} as rid, ${sql.ref(target.column)} as val
    from ${sql.table(target.table)}
    where ${sql.ref(target.column)} is not null
      and ${sql.ref(target.column)} not like ${`kp1.${kid}.%`}
      and ${sql.ref(target.rowId)} > ${options.afterRowId}
    order by ${sql.ref(target.rowId)}
    limit ${options.limit}`.execute(db)
  return rows.map((r) => ({
    context: { workspaceId: r.ws, table: target.table, rowId: r.rid, column: target.column },
    value: r.val as Sealed,
  }))
}

/** How many values of the column are sealed under `kid` (a full scan: for boot checks, not requests). */
export async function countValuesUnder(db: DB, target: SealedColumn, kid: string): Promise<number> {
  const { rows } = await sql<{ n: number | string }>`
    select count(*) as n from ${sql.table(target.table)}
    where ${sql.ref(target.column)} like ${`kp1.${kid.replaceAll('_', '\\_')}.%`} escape '\\'`.execute(
    db,
  )
  return Number(rows[0]?.n ?? 0)
}

/** Compare-and-set: a value changed meanwhile by a live request is left alone (it is already fresh). */
export async function replaceSealedValue(
  db: DB,
  target: SealedColumn,
  item: SealedValue,
  next: Sealed,
): Promise<boolean> {
  const result = await sql`
    update ${sql.table(target.table)} set ${sql.ref(target.column)} = ${next}
    where workspace_id = ${item.context.workspaceId}
      and ${sql.ref(target.rowId)} = ${item.context.rowId}
      and ${sql.ref(target.column)} = ${item.value}`.execute(db)
  return (result.numAffectedRows ?? 0n) > 0n
}
