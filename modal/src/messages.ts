// The postMessage protocol between the platform's page (the embed script), the modal page in its iframe and the
// provider's popup once it lands back on Keyport (callback.ts). Types only: nothing here reaches a bundle.

/** Embed script → modal, once the modal said it is ready. */
export interface InitMessage {
  type: 'keyport:init'
  token: string
  app: string | null
  credentialId: string | null
  alwaysShowAuthentication: boolean
  allowMultiple: boolean
  strings: Record<string, string> | null
  theme: Record<string, unknown> | null
}

/** Modal → embed script. Fields come from another window: the embed script reads them defensively. */
export type FrameMessage =
  | { type: 'keyport:ready' }
  | { type: 'keyport:done'; credentialId: string; app: string; reused: boolean }
  | { type: 'keyport:close' }
  | { type: 'keyport:error'; code?: string; message?: string }

/** The OAuth popup → the modal (same origin). */
export interface OAuthResultMessage {
  type: 'keyport:oauth'
  status: 'connected' | 'failed' | null
}
