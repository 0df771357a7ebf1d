// Vitest global set-up: names this run (KEYPORT_TEST_RUN, inherited by the workers, see databases.ts) and, once
// every suite has ended, drops the PostgreSQL schemas the run created.
import { randomBytes } from 'node:crypto'
import { dropSchemas, runSchemaPrefix } from './databases.js'

export default function setup(): () => Promise<void> {
  process.env.KEYPORT_TEST_RUN = randomBytes(4).toString('hex')
  return async () => {
    const url = process.env.KEYPORT_TEST_DATABASE_URL
    const prefix = runSchemaPrefix()
    if (url && prefix) await dropSchemas(url, { prefix })
  }
}
