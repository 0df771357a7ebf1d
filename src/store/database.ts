import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import SQLite from 'better-sqlite3'
import { CamelCasePlugin, Kysely, PostgresDialect, sql, type Transaction } from 'kysely'
import pg from 'pg'
import type { DatabaseConfig } from '../config.js'
import type { Database } from './schema.js'
import { ImmediateSqliteDialect } from './sqlite-dialect.js'
import { findCredential } from './credentials.js'
import {
  postgresCredentialReader,
  sqliteCredentialReader,
  type ReadCredential,
} from './credential-reader.js'
import {
  postgresActivityWriter,
  sqliteActivityWriter,
  type WriteActivity,
} from './activity-batch.js'

export type DB = Kysely<Database> | Transaction<Database>

export interface Store {
  db: Kysely<Database>
  dialect: 'sqlite' | 'postgres'
  /** The secret read's query, outside Kysely (see credential-reader.ts); same result as findCredential. */
  readCredential: ReadCredential
  /** One flush of the activity log, outside Kysely's query builder (see activity-batch.ts). */
  writeActivity: WriteActivity
  close(): Promise<void>
}

export function openStore(config: DatabaseConfig): Store {
  if (config.kind === 'sqlite') {
    if (config.file !== ':memory:')
      mkdirSync(dirname(config.file), { recursive: true, mode: 0o700 })
    const sqlite = new SQLite(config.file)
    sqlite.pragma('journal_mode = WAL')
    sqlite.pragma('synchronous = NORMAL')
    sqlite.pragma('busy_timeout = 5000')
    sqlite.pragma('foreign_keys = ON')
    cachePreparedStatements(sqlite)
    const db = new Kysely<Database>({
      dialect: new ImmediateSqliteDialect({ database: sqlite }),
      plugins: [new CamelCasePlugin()],
    })
    const writeActivity = sqliteActivityWriter(db, sqlite)
    if (config.file === ':memory:') {
      // A second connection would open a different, empty database.
      const readCredential: ReadCredential = (workspaceId, id) =>
        findCredential(db, workspaceId, id)
      return { db, dialect: 'sqlite', readCredential, writeActivity, close: () => db.destroy() }
    }
    const reader = sqliteCredentialReader(config.file)
    const close = async () => {
      reader.close()
      await db.destroy()
    }
    return { db, dialect: 'sqlite', readCredential: reader.read, writeActivity, close }
  }
  const pool = new pg.Pool({ connectionString: config.url, max: config.poolSize })
  const db = new Kysely<Database>({
    dialect: new PostgresDialect({ pool }),
    plugins: [new CamelCasePlugin()],
  })
  const readCredential = postgresCredentialReader(pool)
  const writeActivity = postgresActivityWriter(db)
  return { db, dialect: 'postgres', readCredential, writeActivity, close: () => db.destroy() }
}

/**
 * Kysely's SQLite driver calls prepare() for every query; parsing the SQL again cost a hot read as much as running
 * it (bench profile). Statements are reusable, and Kysely runs one query at a time on its single connection, so
 * reuse them by SQL text. Bounded: queries with variable-length `in (…)` lists are prepared fresh once it is full.
 */
function cachePreparedStatements(sqlite: SQLite.Database, limit = 500): void {
  const prepare = sqlite.prepare.bind(sqlite)
  const cache = new Map<string, SQLite.Statement>()
  sqlite.prepare = ((source: string) => {
    let statement = cache.get(source)
    if (!statement) {
      statement = prepare(source)
      if (cache.size < limit) cache.set(source, statement)
    }
    return statement
  }) as typeof sqlite.prepare
}

/**
 * True when the error is a foreign-key violation (SQLite or PostgreSQL): the row it points at is gone, e.g. a user
 * deleted while something of theirs was being added.
 */
export function isForeignKeyViolation(error: unknown): boolean {
  const e = error as { code?: string }
  return e?.code === '23503' || e?.code === 'SQLITE_CONSTRAINT_FOREIGNKEY'
}

/** True when the error is a unique-constraint violation (SQLite or PostgreSQL). */
export function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: string }
  return (
    e?.code === '23505' ||
    e?.code === 'SQLITE_CONSTRAINT_UNIQUE' ||
    e?.code === 'SQLITE_CONSTRAINT_PRIMARYKEY'
  )
}

/** Readiness: resolves when the database answers a trivial query. */
export async function pingDatabase(db: DB): Promise<void> {
  await sql`select 1`.execute(db)
}
