// Building and showing screens: plain DOM, no framework. Text goes in through textContent only.
import { t } from './i18n.js'
import { body, mark, title } from './page.js'

type Listener = (event: Event) => void
/** Attributes by name; `text` sets textContent, a function under `on<event>` listens; null and false are left out. */
export type Attrs = Record<string, string | number | boolean | null | undefined | Listener>
export type Child = Node | string | null | undefined | false

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs?: Attrs | null,
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag)
  for (const [name, value] of Object.entries(attrs ?? {})) {
    if (value == null || value === false) continue
    if (typeof value === 'function') element.addEventListener(name.slice(2), value)
    else if (name === 'text') element.textContent = String(value)
    else element.setAttribute(name, value === true ? '' : String(value))
  }
  for (const child of children) if (child != null && child !== false) element.append(child)
  return element
}

export function svg(
  tag: keyof SVGElementTagNameMap,
  attrs: Record<string, string>,
  ...children: SVGElement[]
): SVGElement {
  const element = document.createElementNS('http://www.w3.org/2000/svg', tag)
  for (const [name, value] of Object.entries(attrs)) element.setAttribute(name, value)
  element.append(...children)
  return element
}

/** A button of a screen's actions: the primary one (filled) or a secondary one. */
export function button(
  text: string,
  onclick: () => void,
  options: { primary?: boolean; autofocus?: boolean } = {},
): HTMLButtonElement {
  return h('button', {
    type: 'button',
    class: options.primary ? 'kp-primary' : 'kp-secondary',
    autofocus: options.autofocus,
    text,
    onclick,
  })
}

/** The app's mark beside the title (null: none, on the picker). */
export function setMark(url: string | null): void {
  mark.hidden = !url
  if (url) mark.src = url
  else mark.removeAttribute('src')
}

/** Replaces the dialog's title and body, and focuses the screen's first control. */
export function show(heading: string, ...nodes: Node[]): void {
  title.textContent = heading
  body.replaceChildren(...nodes)
  // Restarts the entrance animation (none under prefers-reduced-motion: see modal.css).
  body.classList.remove('kp-enter')
  void body.offsetWidth
  body.classList.add('kp-enter')
  const first =
    body.querySelector<HTMLElement>('[autofocus]') ??
    body.querySelector<HTMLElement>('input,select,button,a[href]')
  if (first) first.focus()
}

/** Placeholder rows the size of what replaces them, so nothing jumps when the answer arrives. */
export function skeleton(rows: number, className = 'kp-skeleton'): HTMLUListElement {
  const list = h('ul', { class: className, 'aria-hidden': 'true' })
  for (let i = 0; i < rows; i++) list.append(h('li', { class: 'kp-skel' }))
  return list
}

export function loading(): void {
  show(t('loading'), h('p', { class: 'kp-sr', role: 'status', text: t('loading') }), skeleton(4))
}
