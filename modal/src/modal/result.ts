// How the modal ends: the success screen, an error screen, or closing; the platform's page is told by postMessage
// (the protocol in ../messages.ts), and connect() in the embed script settles.
import type { FrameMessage } from '../messages.js'
import type { PickerApp } from '../connect-api-types.js'
import { button, h, setMark, show, svg } from './dom.js'
import { t } from './i18n.js'
import { embed } from './page.js'
import { state } from './state.js'

/** What connect() resolves with. */
export type Connection = Omit<Extract<FrameMessage, { type: 'keyport:done' }>, 'type'>
/** What a screen shows of an app. */
export type AppIdentity = Pick<PickerApp, 'app' | 'name' | 'mark'>

// After the success screen has shown for this long, the embedded modal closes by itself.
const SUCCESS_CLOSE_MS = 1600

function post(message: FrameMessage): void {
  if (embed && state.parentOrigin) parent.postMessage(message, state.parentOrigin)
}

/** Tells the platform; `connect()` resolves and the iframe goes. */
export function finish(result: Connection): void {
  state.connected = null
  post({
    type: 'keyport:done',
    credentialId: result.credentialId,
    app: result.app,
    reused: !!result.reused,
  })
}

export function close(): void {
  if (!embed) return
  if (state.connected) return finish(state.connected)
  post({ type: 'keyport:close' })
}

export function fail(error: unknown, retry?: () => void): void {
  show(
    t('errorTitle'),
    h('p', {
      class: 'kp-error',
      role: 'alert',
      text: error instanceof Error ? error.message : t('genericError'),
    }),
    h('div', { class: 'kp-actions' }, retry && button(t('tryAgain'), retry, { primary: true })),
  )
}

/** The success screen ("Stripe is connected"), then the result: after a moment or on "Done". */
export function done(result: Connection, app: AppIdentity): void {
  setMark(app.mark || null)
  state.connected = result
  const now = (): void => {
    if (state.connected === result) finish(result)
  }
  const check = svg(
    'svg',
    { class: 'kp-check', viewBox: '0 0 52 52', 'aria-hidden': 'true' },
    svg('circle', { cx: '26', cy: '26', r: '24' }),
    svg('path', { d: 'M15 27l7 7 15-15' }),
  )
  show(
    t('doneTitle'),
    h(
      'div',
      { class: 'kp-success' },
      check,
      h('p', { class: 'kp-done', role: 'status', text: t('doneText', { app: app.name }) }),
      h('p', { class: 'kp-muted', text: embed ? t('doneClosing') : t('doneHosted') }),
      embed && button(t('doneButton'), now, { primary: true, autofocus: true }),
    ),
  )
  if (embed) setTimeout(now, SUCCESS_CLOSE_MS)
}
