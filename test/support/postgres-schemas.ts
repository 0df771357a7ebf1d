// Vitest global set-up: names this run (KEYPORT_TEST_RUN, inherited by the workers, see databases.ts) and, once
// every suite has ended, drops the PostgreSQL schemas the run created.
import { randomBytes } from 'node:crypto'
import pg from 'pg'
import { runSchemaPrefix } from './databases.js'

export default function setup(): () => Promise<void> {
  process.env.KEYPORT_TEST_RUN = randomBytes(4).toString('hex')
  return async () => {
    const url = process.env.KEYPORT_TEST_DATABASE_URL
    const prefix = runSchemaPrefix()
    if (!url || !prefix) return
    const client = new pg.Client({ connectionString: url })
    await client.connect()
    try {
      const { rows } = await client.query<{ name: string }>(
        `select nspname as name from pg_namespace where starts_with(nspname, $1)`,
        [prefix],
      )
      for (const { name } of rows) await client.query(`drop schema "${name}" cascade`)
    } finally {
      await client.end()
    }
  }
}
