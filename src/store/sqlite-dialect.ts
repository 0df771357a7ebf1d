import {
  CompiledQuery,
  SqliteDialect,
  SqliteDriver,
  type DatabaseConnection,
  type Driver,
  type SqliteDialectConfig,
} from 'kysely'

/**
 * Kysely's SQLite driver opens transactions with a deferred `begin`: the transaction reads first and takes the
 * write lock only at its first write. In WAL mode, if another process (a `keyport keys rotate`, a second node
 * on the same file) commits in between, that upgrade fails at once with SQLITE_BUSY_SNAPSHOT; the busy timeout
 * never applies. `begin immediate` takes the write lock up front and waits its turn under the busy timeout.
 * One connection per process, so it serialises nothing that was not serialised already.
 */
class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'))
  }
}

export class ImmediateSqliteDialect extends SqliteDialect {
  readonly #config: SqliteDialectConfig

  constructor(config: SqliteDialectConfig) {
    super(config)
    this.#config = config
  }

  override createDriver(): Driver {
    return new ImmediateSqliteDriver(this.#config)
  }
}
