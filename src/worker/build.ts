import type { Logger } from 'pino'
import { deleteEndedConsoleState, type ConsoleDeps } from '../console/index.js'
import { credentialSweeps, type CheckDeps } from '../credentials/index.js'
import { idempotencySweep } from '../idempotency/index.js'
import {
  deleteExpiredAgentTokens,
  deleteExpiredConnectTokens,
  deleteExpiredOAuthFlows,
  type DB,
} from '../store/index.js'
import { Worker, type Sweep } from './worker.js'

const HOUR_MS = 3_600_000
const AGENT_TOKEN_KEPT_MS = 30 * 24 * HOUR_MS

/**
 * Expired connect tokens and OAuth flows are useless; flows are kept an hour past expiry for the modal's polling,
 * agent tokens 30 days, so the platform's list still names (id, label) the token its audit rows mention.
 */
export function housekeepingSweeps(db: DB, now: () => Date): Sweep[] {
  return [
    {
      name: 'expired-connect-state',
      intervalMs: 10 * 60_000,
      async run() {
        const at = now()
        await deleteExpiredConnectTokens(db, at.toISOString())
        await deleteExpiredOAuthFlows(db, new Date(at.getTime() - HOUR_MS).toISOString())
        await deleteExpiredAgentTokens(
          db,
          new Date(at.getTime() - AGENT_TOKEN_KEPT_MS).toISOString(),
        )
      },
    },
  ]
}

/** What the worker needs of a node's deps; main.ts passes the same object the HTTP app gets. */
export type WorkerDeps = CheckDeps & ConsoleDeps

/** The worker a node runs, wired from the same deps as the HTTP app; the sweeps come from src/credentials. */
export function buildWorker(
  deps: WorkerDeps,
  log: Pick<Logger, 'error'>,
  sweeps: readonly Sweep[] = [
    ...credentialSweeps(deps),
    ...housekeepingSweeps(deps.db, deps.now),
    idempotencySweep(deps),
    {
      name: 'ended-console-sessions',
      intervalMs: 10 * 60_000,
      run: () => deleteEndedConsoleState(deps),
    },
  ],
): Worker {
  return new Worker({
    db: deps.db,
    dialect: deps.dialect,
    keyring: deps.keyring,
    now: deps.now,
    webhookClient: deps.webhookClient,
    metrics: deps.metrics,
    onError: (err, where) => log.error({ err, where }, 'worker task failed'),
    sweeps,
  })
}
