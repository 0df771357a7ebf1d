// The secret read's one query, run by each driver the way it is fastest, outside Kysely: on the hot path Kysely's
// executor (connection mutex, plugin transforms, result mapping) cost as much as the read itself (bench profile).
// The row is exactly what Kysely's selectAll gives, camelCase keys included (tested).
import SQLite from 'better-sqlite3'
import type pg from 'pg'
import type { CredentialTable } from './schema.js'
import { credentialFromRow } from './credentials.js'

export type ReadCredential = (workspaceId: string, id: string) => Promise<CredentialTable | null>

/** Every column, camelCase → snake_case; `satisfies` makes a column added to the table fail to compile here. */
const COLUMNS = {
  id: 'id',
  workspaceId: 'workspace_id',
  userId: 'user_id',
  app: 'app',
  name: 'name',
  type: 'type',
  status: 'status',
  secretSealed: 'secret_sealed',
  metadata: 'metadata',
  platformMetadata: 'platform_metadata',
  expiresAt: 'expires_at',
  refreshExpiresAt: 'refresh_expires_at',
  version: 'version',
  createdAt: 'created_at',
  updatedAt: 'updated_at',
  lastUsedAt: 'last_used_at',
  lastRefreshedAt: 'last_refreshed_at',
  lastCheckedAt: 'last_checked_at',
  nextCheckAt: 'next_check_at',
  failureCount: 'failure_count',
  failingSince: 'failing_since',
  expiredReason: 'expired_reason',
  expiredAt: 'expired_at',
  expiringNotifiedAt: 'expiring_notified_at',
} as const satisfies Record<keyof CredentialTable, string>

const CAMEL = Object.keys(COLUMNS) as (keyof CredentialTable)[]

const SELECT = `select ${Object.entries(COLUMNS)
  .map(([camel, snake]) => `"${snake}" as "${camel}"`)
  .join(', ')} from "credential" where "id" = $1 and "workspace_id" = $2`

/**
 * better-sqlite3 builds a keyed object column by column, which cost twice as much as the read itself for this
 * 23-column row; an array (`raw`) turned into the row by one object literal, compiled once from COLUMNS, is half
 * the cost (5.5 against 9.9 µs in-process).
 */
const rowFromArray = new Function(
  'values',
  `return { ${CAMEL.map((camel, i) => `${camel}: values[${i}]`).join(', ')} }`,
) as (values: unknown[]) => CredentialTable

/**
 * SQLite: a second, read-only connection with the statement prepared once. In WAL mode it reads the last committed
 * state without waiting for the writer, and never sees a transaction the writer has not committed yet.
 */
export function sqliteCredentialReader(file: string): { read: ReadCredential; close(): void } {
  const connection = new SQLite(file, { readonly: true })
  connection.pragma('busy_timeout = 5000')
  let statement: SQLite.Statement<[string, string], unknown[]> | null = null
  return {
    read: async (workspaceId, id) => {
      // Prepared on first use: at open time the migrations may not have created the table yet.
      statement ??= connection
        .prepare<[string, string], unknown[]>(SELECT.replace('$1', '?').replace('$2', '?'))
        .raw(true)
      const values = statement.get(id, workspaceId)
      return values ? credentialFromRow(rowFromArray(values)) : null
    },
    close: () => connection.close(),
  }
}

/** PostgreSQL: a named statement, parsed and planned once per pooled connection. */
export function postgresCredentialReader(pool: pg.Pool): ReadCredential {
  return async (workspaceId, id) => {
    const result = await pool.query<CredentialTable>({
      name: 'keyport_read_credential',
      text: SELECT,
      values: [id, workspaceId],
    })
    const row = result.rows[0]
    return row ? credentialFromRow(row) : null
  }
}
