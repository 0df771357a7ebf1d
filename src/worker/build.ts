import type { Logger } from 'pino'
import type { ApiDeps } from '../api/deps.js'
import { credentialSweeps } from '../credentials/index.js'
import { Worker, type Sweep } from './worker.js'

/** The worker a node runs, wired from the same deps as the HTTP app; the sweeps come from src/credentials. */
export function buildWorker(
  deps: ApiDeps,
  log: Pick<Logger, 'error'>,
  sweeps: readonly Sweep[] = credentialSweeps(deps),
): Worker {
  return new Worker({
    db: deps.db,
    dialect: deps.dialect,
    keyring: deps.keyring,
    now: deps.now,
    webhookAllow: deps.webhookAllow,
    onError: (err, where) => log.error({ err, where }, 'worker task failed'),
    sweeps,
  })
}
