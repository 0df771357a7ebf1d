// The frame around every page: a skip link, the banner with the main navigation and the signed-in person, and the
// <main> landmark the pages render into.
import { h } from './dom.js'
import type { Session } from './types.js'

export const NAV: { href: string; label: string; adminOnly?: boolean }[] = [
  { href: '/console', label: 'Overview' },
  { href: '/console/users', label: 'Users' },
  { href: '/console/credentials', label: 'Credentials' },
  { href: '/console/webhooks', label: 'Webhooks' },
  { href: '/console/events', label: 'Events' },
  { href: '/console/apps', label: 'Apps' },
  { href: '/console/settings', label: 'Settings' },
]

export interface Shell {
  root: HTMLElement
  main: HTMLElement
  markCurrent(path: string): void
}

export function buildShell(session: Session, onSignOut: () => void): Shell {
  const main = h('main', { id: 'main', tabindex: -1 })
  const links = NAV.map((item) => h('a', { href: item.href }, item.label))
  const root = h(
    'div',
    { class: 'shell' },
    h(
      'a',
      {
        class: 'skip-link',
        href: '#main',
        // Focus moves without touching the address (a fragment change would count as a navigation).
        onclick: (event: Event) => {
          event.preventDefault()
          main.focus()
        },
      },
      'Skip to content',
    ),
    h(
      'header',
      { class: 'banner' },
      h('a', { class: 'brand', href: '/console' }, 'Keyport', h('span', null, ' console')),
      h(
        'nav',
        { 'aria-label': 'Main' },
        h(
          'ul',
          null,
          links.map((link) => h('li', null, link)),
        ),
      ),
      h(
        'div',
        { class: 'account' },
        h(
          'span',
          { class: 'who' },
          session.user.email,
          ' ',
          h('span', { class: 'role' }, session.user.role),
        ),
        h('button', { type: 'button', class: 'button quiet', onclick: onSignOut }, 'Sign out'),
      ),
    ),
    main,
  )
  return {
    root,
    main,
    markCurrent(path) {
      for (const link of links) {
        const href = link.getAttribute('href')!
        const current = href === '/console' ? path === '/console' : path.startsWith(href)
        if (current) link.setAttribute('aria-current', 'page')
        else link.removeAttribute('aria-current')
      }
    },
  }
}
