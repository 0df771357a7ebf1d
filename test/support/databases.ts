// Flow tests run once per database: SQLite always, PostgreSQL when KEYPORT_TEST_DATABASE_URL is set (CI sets it).
// Each suite gets its own SQLite file or its own PostgreSQL schema, so suites can run in parallel.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { randomBytes } from 'node:crypto'
import pg from 'pg'
import type { DatabaseConfig } from '../../src/config.js'

export interface TestDatabase {
  name: 'sqlite' | 'postgres'
  /** A fresh, empty database for one suite; `drop` removes it. */
  create(): Promise<{ config: DatabaseConfig; drop: () => Promise<void> }>
}

export const sqliteDatabase: TestDatabase = {
  name: 'sqlite',
  async create() {
    const dir = mkdtempSync(join(tmpdir(), 'keyport-test-'))
    return {
      config: { kind: 'sqlite', file: join(dir, 'keyport.db') },
      drop: async () => rmSync(dir, { recursive: true, force: true }),
    }
  },
}

/**
 * Under `vitest`, this run's schemas are named `kp_test_<run>_…` (the run id is set once by the global set-up,
 * postgres-schemas.ts, and inherited by every worker) and dropped by its teardown, once no suite is running:
 * dropping one while another suite migrates makes that migration fail, since Kysely's migrator lists the tables
 * of every schema. Outside it (the benches), each schema is dropped by its own `drop`.
 */
export function runSchemaPrefix(): string | null {
  const run = process.env.KEYPORT_TEST_RUN
  return run && /^[a-z0-9]{8}$/.test(run) ? `kp_test_${run}_` : null
}

/** A fresh schema per suite in the database at `url`. */
export function postgresDatabase(url: string): TestDatabase {
  return {
    name: 'postgres',
    async create() {
      const prefix = runSchemaPrefix()
      const schema = `${prefix ?? 'kp_test_'}${randomBytes(6).toString('hex')}`
      const admin = new pg.Client({ connectionString: url })
      await admin.connect()
      await admin.query(`create schema ${schema}`)
      await admin.end()
      const scoped = new URL(url)
      scoped.searchParams.set('options', `-c search_path=${schema}`)
      return {
        config: { kind: 'postgres', url: scoped.toString(), poolSize: 10 },
        drop: prefix ? async () => {} : () => dropSchemas(url, { named: schema }),
      }
    },
  }
}

/** Drops one schema, or every schema whose name starts with `prefix`. */
export async function dropSchemas(
  url: string,
  which: { named: string } | { prefix: string },
): Promise<void> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    const { rows } = await client.query<{ name: string }>(
      `select nspname as name from pg_namespace where ${'named' in which ? 'nspname = $1' : 'starts_with(nspname, $1)'}`,
      ['named' in which ? which.named : which.prefix],
    )
    for (const { name } of rows) await client.query(`drop schema "${name}" cascade`)
  } finally {
    await client.end()
  }
}

export const TEST_DATABASES: TestDatabase[] = [
  sqliteDatabase,
  ...(process.env.KEYPORT_TEST_DATABASE_URL
    ? [postgresDatabase(process.env.KEYPORT_TEST_DATABASE_URL)]
    : []),
]
