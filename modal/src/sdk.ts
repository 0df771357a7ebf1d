// Keyport embed script. Keyport.connect({token, app?, credentialId?, alwaysShowAuthentication?, allowMultiple?,
// locale?, strings?, theme?}) opens the Keyport modal in a full-screen iframe and resolves {credentialId, app, reused}.
// Dependency-free: it runs on the platform's page. Built twice (sdk-classic.ts, sdk-module.ts); the server writes
// its public origin over the placeholder at boot (src/modal/sdk.ts).
import type { FrameMessage, InitMessage } from './messages.js'

const KEYPORT_ORIGIN = '__KEYPORT_ORIGIN__'

export interface ConnectOptions {
  token: string
  app?: string
  credentialId?: string
  alwaysShowAuthentication?: boolean
  allowMultiple?: boolean
  locale?: string
  strings?: Record<string, string>
  theme?: { mode?: 'light' | 'dark' | 'auto'; [key: string]: unknown }
}

export interface ConnectResult {
  credentialId: string
  app: string
  reused: boolean
}

export interface KeyportError extends Error {
  name: 'KeyportError'
  code: string
}

let current: { frame: HTMLIFrameElement } | null = null

function keyportError(code: string, message?: string): KeyportError {
  const error = new Error(message || code) as KeyportError
  error.name = 'KeyportError'
  error.code = code
  return error
}

const closed = () => keyportError('closed', 'The user closed the Keyport modal')

export function connect(options: ConnectOptions): Promise<ConnectResult> {
  return new Promise((resolve, reject) => {
    if (!options || typeof options.token !== 'string')
      return reject(keyportError('invalid_options', 'token is required'))
    if (current) return reject(keyportError('already_open', 'The Keyport modal is already open'))
    const doc = document
    const previousFocus = doc.activeElement as HTMLElement | null
    const overlay = doc.createElement('div')
    overlay.setAttribute('role', 'dialog')
    overlay.setAttribute('aria-modal', 'true')
    overlay.setAttribute('aria-label', 'Connect an app')
    overlay.style.cssText =
      'position:fixed;inset:0;z-index:2147483647;background:rgba(15,23,42,.55);'
    const frame = doc.createElement('iframe')
    const theme = options.theme || {}
    // The page is rendered in this language; without it, in the browser's.
    const locale = /^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{1,8}){0,3}$/.test(options.locale || '')
      ? '&locale=' + options.locale
      : ''
    // The token's workspace (its non-secret suffix) picks the origins allowed to frame the modal; the page then
    // refuses a token of any other workspace.
    const workspace = /\.(ws_[0-9a-z]{26})$/.exec(options.token)
    frame.src =
      KEYPORT_ORIGIN + '/connect?embed=1' + locale + (workspace ? '&workspace=' + workspace[1] : '')
    frame.title = 'Connect an app'
    frame.setAttribute('allow', 'clipboard-write')
    // The iframe's colour scheme must be the modal's: when they differ, browsers paint the frame opaque, and the
    // platform's page disappears behind a dark sheet instead of a translucent one.
    frame.style.cssText =
      'border:0;width:100%;height:100%;background:transparent;color-scheme:' +
      (theme.mode === 'dark' || theme.mode === 'light' ? theme.mode : 'light dark') +
      ';'
    overlay.appendChild(frame)
    const bodyOverflow = doc.body.style.overflow
    doc.body.style.overflow = 'hidden'
    doc.body.appendChild(overlay)
    let sent = false
    current = { frame }

    function finish(error: KeyportError | null, result?: ConnectResult): void {
      window.removeEventListener('message', onMessage)
      doc.removeEventListener('keydown', onKey, true)
      doc.removeEventListener('focusin', onFocus, true)
      overlay.remove()
      doc.body.style.overflow = bodyOverflow
      current = null
      if (previousFocus && previousFocus.focus) previousFocus.focus()
      if (error) reject(error)
      else resolve(result as ConnectResult)
    }
    function onMessage(event: MessageEvent<FrameMessage | null>): void {
      // Only the Keyport page inside our own iframe may speak to us.
      if (event.origin !== KEYPORT_ORIGIN || event.source !== frame.contentWindow) return
      const data = event.data
      if (!data || typeof data.type !== 'string') return
      if (data.type === 'keyport:ready' && !sent) {
        sent = true
        const init: InitMessage = {
          type: 'keyport:init',
          token: options.token,
          app: options.app || null,
          credentialId: options.credentialId || null,
          alwaysShowAuthentication: !!options.alwaysShowAuthentication,
          allowMultiple: !!options.allowMultiple,
          strings: options.strings || null,
          theme: options.theme || null,
        }
        frame.contentWindow?.postMessage(init, KEYPORT_ORIGIN)
        frame.focus()
      } else if (data.type === 'keyport:done') {
        finish(null, {
          credentialId: String(data.credentialId),
          app: String(data.app),
          reused: !!data.reused,
        })
      } else if (data.type === 'keyport:close') {
        finish(closed())
      } else if (data.type === 'keyport:error') {
        finish(keyportError(String(data.code || 'error'), String(data.message || 'Keyport failed')))
      }
    }
    function onKey(event: KeyboardEvent): void {
      if (event.key === 'Escape') finish(closed())
    }
    function onFocus(event: FocusEvent): void {
      // Focus trap: while open, focus belongs to the modal.
      if (!overlay.contains(event.target as Node | null)) frame.focus()
    }
    window.addEventListener('message', onMessage)
    doc.addEventListener('keydown', onKey, true)
    doc.addEventListener('focusin', onFocus, true)
    frame.focus()
  })
}

export const Keyport = { connect, origin: KEYPORT_ORIGIN }
