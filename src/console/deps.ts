import type { Store } from '../store/index.js'

export type ConsoleRole = 'admin' | 'support'
export const CONSOLE_ROLES: readonly ConsoleRole[] = ['admin', 'support']

/** KEYPORT_CONSOLE_IDLE_MINUTES and KEYPORT_CONSOLE_ABSOLUTE_HOURS, in milliseconds. */
export interface ConsoleSettings {
  idleTimeoutMs: number
  absoluteTimeoutMs: number
}

export const DEFAULT_CONSOLE_SETTINGS: ConsoleSettings = {
  idleTimeoutMs: 30 * 60_000,
  absoluteTimeoutMs: 12 * 3_600_000,
}

/** What the console's use cases need: the database and its dialect, the clock, where links point, the timeouts. */
export interface ConsoleDeps {
  db: Store['db']
  dialect: Store['dialect']
  now: () => Date
  publicURL: string
  consoleSettings: ConsoleSettings
}

/** Who acted: the audit row's actor (`console:cu_…`, `api_key`, `cli`) and the request, when there is one. */
export interface ConsoleActor {
  workspaceId: string
  actor: string
  requestId: string | null
}

export function consoleActorName(consoleUserId: string): string {
  return `console:${consoleUserId}`
}
