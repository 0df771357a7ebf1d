// What every `keyport` command opens before its work: the logger and the services (store migrated, keyring
// proven). Apart from main.ts so that the one-off commands (workspace, apikey, keys rotate…) start without loading
// the HTTP app, which only `serve` needs.
import { destination, pino, type Logger } from 'pino'
import type { Config } from './config.js'
import type { Keyring } from './crypto/index.js'
import { loadKeyring } from './keys/index.js'
import { loggerOptions } from './logger.js'
import { migrateToLatest, openStore, type Store } from './store/index.js'

/** The server logs to stdout; one-off commands log to stderr so their stdout stays machine-readable. */
export function createLogger(
  config: Pick<Config, 'logLevel'>,
  options: { toStderr?: boolean } = {},
): Logger {
  // The server logs a line per request: write stdout asynchronously, so lines logged while a write is in flight
  // go out together instead of one blocking write each. pino flushes what is left on exit.
  return options.toStderr
    ? pino(loggerOptions(config.logLevel), destination(2))
    : pino(loggerOptions(config.logLevel), destination({ dest: 1, sync: false }))
}

/** Opens the database, migrates, and proves the keyring opens what is stored. Shared by serve and the CLI. */
export async function openServices(
  config: Config,
  log: Logger,
): Promise<{ store: Store; keyring: Keyring }> {
  const store = openStore(config.database)
  try {
    const applied = await migrateToLatest(store)
    if (applied.length > 0) log.info({ migrations: applied }, 'database migrated')
    const keyring = await loadKeyring(store.db, config, (message) => log.warn(message))
    return { store, keyring }
  } catch (error) {
    await store.close()
    throw error
  }
}
