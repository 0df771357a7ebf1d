// DOM helpers: elements are built with text nodes and attributes only, never from HTML strings, so nothing an API
// returns (a user's name, a webhook's error) can become markup.
export type Child = Node | string | number | null | undefined | false | Child[]
type Handler = (event: Event) => void
export type Props = Record<string, string | number | boolean | Handler | null | undefined>

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Props | null = null,
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag)
  for (const [name, value] of Object.entries(props ?? {})) {
    if (value === null || value === undefined || value === false) continue
    if (typeof value === 'function') element.addEventListener(name.slice(2), value)
    else element.setAttribute(name, value === true ? '' : String(value))
  }
  append(element, children)
  return element
}

export function append(parent: Node, children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue
    if (Array.isArray(child)) append(parent, child)
    else parent.appendChild(child instanceof Node ? child : document.createTextNode(String(child)))
  }
}

export function replaceChildren(parent: Element, ...children: Child[]): void {
  parent.replaceChildren()
  append(parent, children)
}

/** A table in a focusable, labelled scroll region (narrow screens scroll it sideways, keyboards too). */
export function table(
  caption: string,
  headers: string[],
  rows: Child[][],
  empty = 'Nothing to show.',
): HTMLElement {
  if (rows.length === 0) return h('p', { class: 'empty' }, empty)
  return h(
    'div',
    { class: 'table-wrap', role: 'region', 'aria-label': caption, tabindex: 0 },
    h(
      'table',
      null,
      h('caption', { class: 'visually-hidden' }, caption),
      h(
        'thead',
        null,
        h(
          'tr',
          null,
          headers.map((text) => h('th', { scope: 'col' }, text)),
        ),
      ),
      h(
        'tbody',
        null,
        rows.map((cells) =>
          h(
            'tr',
            null,
            cells.map((cell) => h('td', null, cell)),
          ),
        ),
      ),
    ),
  )
}

/** A definition list from label/value pairs. */
export function facts(pairs: [string, Child][]): HTMLElement {
  return h(
    'dl',
    { class: 'facts' },
    pairs.map(([label, value]) => h('div', null, h('dt', null, label), h('dd', null, value))),
  )
}

export function badge(status: string): HTMLElement {
  return h('span', { class: `badge badge-${status.replace(/[^a-z_]/g, '')}` }, status)
}

/** A polite live region: what an action did, read out by screen readers. */
export function notice(): { element: HTMLElement; say(text: string, kind?: 'ok' | 'error'): void } {
  const element = h('p', { class: 'notice', role: 'status', 'aria-live': 'polite' })
  return {
    element,
    say(text, kind = 'ok') {
      element.className = `notice notice-${kind}`
      element.textContent = text
    },
  }
}
