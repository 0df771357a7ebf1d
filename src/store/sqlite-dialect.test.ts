// A transaction that reads, then writes, while another process commits in between: with Kysely's deferred
// `begin` the write fails at once (SQLITE_BUSY_SNAPSHOT, the busy timeout never applies); with `begin immediate`
// the transaction holds the write lock from its start and the other writer waits its turn instead.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import SQLite from 'better-sqlite3'
import { Kysely, SqliteDialect, sql, type Dialect } from 'kysely'
import { afterEach, describe, expect, it } from 'vitest'
import { ImmediateSqliteDialect } from './sqlite-dialect.js'

interface Tables {
  items: { id: number }
}

const dirs: string[] = []
afterEach(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })))

function twoConnections(dialect: (database: SQLite.Database) => Dialect) {
  const dir = mkdtempSync(join(tmpdir(), 'keyport-sqlite-'))
  dirs.push(dir)
  const file = join(dir, 'db.sqlite')
  const open = () => {
    const database = new SQLite(file)
    database.pragma('journal_mode = WAL')
    return database
  }
  const ours = open()
  ours.pragma('busy_timeout = 2000')
  const db = new Kysely<Tables>({ dialect: dialect(ours) })
  // The other process, in effect: its own handle, which gives up at once when the file is locked.
  const other = open()
  other.pragma('busy_timeout = 0')
  other.exec('create table items (id integer primary key)')
  return { db, other }
}

/** Reads, lets the other connection try to write, then writes; answers how the other write went. */
async function readThenWrite(db: Kysely<Tables>, other: SQLite.Database): Promise<string> {
  let otherWrite = ''
  await db.transaction().execute(async (trx) => {
    await trx.selectFrom('items').selectAll().execute()
    try {
      other.prepare('insert into items (id) values (1)').run()
      otherWrite = 'committed'
    } catch (error) {
      otherWrite = (error as { code?: string }).code ?? String(error)
    }
    await trx.insertInto('items').values({ id: 2 }).execute()
  })
  return otherWrite
}

describe('SQLite transactions', () => {
  it('take the write lock at begin, so a write after a read never meets a newer snapshot', async () => {
    const { db, other } = twoConnections((database) => new ImmediateSqliteDialect({ database }))
    expect(await readThenWrite(db, other)).toBe('SQLITE_BUSY')
    const { rows } = await sql<{ id: number }>`select id from items`.execute(db)
    expect(rows).toEqual([{ id: 2 }])
    await db.destroy()
    other.close()
  })

  it("fail with Kysely's own deferred begin (what the dialect above exists for)", async () => {
    const { db, other } = twoConnections((database) => new SqliteDialect({ database }))
    await expect(readThenWrite(db, other)).rejects.toMatchObject({ code: 'SQLITE_BUSY_SNAPSHOT' })
    await db.destroy()
    other.close()
  })
})
