// The baseline server: a bare Fastify route doing the same single primary-key read of a credential from the same
// database, with no auth, no decrypt, no logging. Each driver is used the way it is fastest: better-sqlite3 with a
// statement prepared once, pg with a named (server-side prepared) statement. Started by bench/run.ts:
//   tsx bench/baseline.ts '<json {database, port, poolSize}>'
import Fastify from 'fastify'
import SQLite from 'better-sqlite3'
import pg from 'pg'
import type { DatabaseConfig } from '../src/config.js'

const { database, port } = JSON.parse(process.argv[2]!) as {
  database: DatabaseConfig
  port: number
}
const SQL = 'select * from "credential" where "id" = $1'

type Row = { id: string; type: string; expires_at: string | null; secret_sealed: string }
let read: (id: string) => Promise<Row | undefined>
let close: () => Promise<void>
if (database.kind === 'sqlite') {
  const db = new SQLite(database.file, { readonly: true })
  db.pragma('journal_mode = WAL')
  const statement = db.prepare(SQL.replace('$1', '?'))
  read = async (id) => statement.get(id) as Row | undefined
  close = async () => void db.close()
} else {
  const pool = new pg.Pool({ connectionString: database.url, max: database.poolSize })
  read = async (id) =>
    (await pool.query<Row>({ name: 'baseline_read', text: SQL, values: [id] })).rows[0]
  close = () => pool.end()
}

const app = Fastify({ logger: false })
const body = {
  type: 'object',
  properties: {
    credentialId: { type: 'string' },
    type: { type: 'string' },
    expiresAt: { type: ['string', 'null'] },
    data: { type: 'object', additionalProperties: { type: 'string' } },
  },
}
app.get<{ Params: { id: string } }>(
  '/baseline/credentials/:id',
  { schema: { response: { 200: body } } },
  async (request, reply) => {
    const row = await read(request.params.id)
    if (!row) return reply.code(404).send({})
    return {
      credentialId: row.id,
      type: row.type,
      expiresAt: row.expires_at,
      data: { sealed: row.secret_sealed },
    }
  },
)
app.get('/readyz', async () => ({ status: 'ready' }))
await app.listen({ port, host: '127.0.0.1' })
const stop = async () => {
  await app.close()
  await close()
  process.exit(0)
}
process.once('SIGTERM', () => void stop())
process.once('SIGINT', () => void stop())
