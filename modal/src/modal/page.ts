// What the server rendered into the modal page (src/modal/pages.ts): the page's elements, its language's strings and
// whether it is embedded. Read once: the script runs at the end of <body>.
import type { Locale, Messages } from '../../../src/modal/locales/index.js'

/** The element with this id, of this kind; the page always has it, so its absence is a bug worth a loud error. */
export function byId<T extends HTMLElement>(id: string, kind: { new (): T; prototype: T }): T {
  const element = document.getElementById(id)
  if (!(element instanceof kind)) throw new Error(`Keyport: the modal page has no #${id}`)
  return element
}

/** The `kp-strings` block: the page's language and its strings (src/modal/locales). */
export interface PageStrings {
  locale: Locale
  strings: Messages
}

export const page: PageStrings = JSON.parse(byId('kp-strings', HTMLScriptElement).text)

const query = new URLSearchParams(location.search)
export const embed = query.has('embed')
// Embedded, the page was served with the frame-ancestors of the workspace in its URL (or any origin's, without
// one): the server accepts only that workspace's tokens (or, without one, those of workspaces that set no list).
export const framedFor = embed ? query.get('workspace') || 'none' : null

export const dialog = byId('kp-dialog', HTMLElement)
export const body = byId('kp-body', HTMLElement)
export const title = byId('kp-title', HTMLElement)
export const mark = byId('kp-mark', HTMLImageElement)
export const logo = byId('kp-logo', HTMLImageElement)
export const closeButton = byId('kp-close', HTMLButtonElement)
