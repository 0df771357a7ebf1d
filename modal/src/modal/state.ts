// What the modal knows while it runs: one mutable record, set by start() and the screens.
import type { ConnectSession } from '../connect-api-types.js'
import type { Connection } from './result.js'

/** What the platform asked for: connect({…}) in the embed script, or the hosted link's fragment. */
export interface StartOptions {
  token: string
  app: string | null
  credentialId: string | null
  alwaysShowAuthentication: boolean
  allowMultiple: boolean
  /** Unchecked: overrideStrings and applyTheme read them defensively. */
  strings: unknown
  theme: unknown
}

export interface ModalState {
  token: string | null
  options: Omit<StartOptions, 'token' | 'strings' | 'theme'>
  /** The platform page that sent `keyport:init`, the only one told the outcome. */
  parentOrigin: string | null
  session: ConnectSession | null
  /** The picker's search, for Back; null until the picker showed. */
  lastQuery: string | null
  /** Set while the success screen shows: closing it then (×, Escape) still hands the connection over. */
  connected: Connection | null
}

export const state: ModalState = {
  token: null,
  options: { app: null, credentialId: null, alwaysShowAuthentication: false, allowMultiple: false },
  parentOrigin: null,
  session: null,
  lastQuery: null,
  connected: null,
}
