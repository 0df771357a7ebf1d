// The app picker: a search field over the apps the token allows, each app a button with its connection badge.
import { searchApps } from './api.js'
import type { PickerApp } from '../connect-api-types.js'
import { authenticate } from './authenticate.js'
import { button, h, setMark, show } from './dom.js'
import { t } from './i18n.js'
import { fail } from './result.js'
import { reuse } from './reuse.js'
import { activeFor, credentialsOf } from './session.js'
import { state } from './state.js'

const SEARCH_DELAY_MS = 150
const PLACEHOLDER_ROWS = 8

export function pick(query: string): void {
  state.lastQuery = query
  setMark(null)
  const list = h('ul', { class: 'kp-apps', id: 'kp-apps', 'aria-label': t('pickTitle') })
  const count = h('p', { class: 'kp-sr', role: 'status' })
  const input = h('input', {
    type: 'search',
    id: 'kp-search',
    value: query,
    placeholder: t('searchPlaceholder'),
    autocomplete: 'off',
    autofocus: true,
    'aria-controls': 'kp-apps',
  })
  for (let i = 0; i < PLACEHOLDER_ROWS; i++)
    list.append(h('li', { class: 'kp-skel', 'aria-hidden': 'true' }))
  let timer: ReturnType<typeof setTimeout> | undefined
  let asked = 0
  function load(): void {
    const q = input.value.trim()
    const mine = ++asked
    state.lastQuery = input.value
    list.setAttribute('aria-busy', 'true')
    searchApps(q).then(
      (found) => {
        // An older answer arriving after a newer one must not replace it.
        if (mine !== asked) return
        list.removeAttribute('aria-busy')
        list.replaceChildren()
        count.textContent = t('appCount', { count: found.total ?? found.data.length })
        if (found.data.length === 0)
          list.append(
            h('li', {
              class: 'kp-muted kp-empty',
              text: q ? t('noResults', { query: q }) : t('noApps'),
            }),
          )
        for (const app of found.data) list.append(h('li', null, appButton(app)))
      },
      (error: unknown) => fail(error, () => pick(input.value)),
    )
  }
  input.addEventListener('input', () => {
    clearTimeout(timer)
    timer = setTimeout(load, SEARCH_DELAY_MS)
  })
  // Arrow keys walk the list (Down from the search field enters it, Up from the first app goes back to it);
  // Home and End jump to its ends. Tab still visits every app.
  function walk(event: KeyboardEvent): void {
    const apps = Array.from(list.querySelectorAll<HTMLElement>('.kp-app'))
    const at = apps.findIndex((app) => app === document.activeElement)
    const moves: Record<string, number> = {
      ArrowDown: at + 1,
      ArrowUp: at - 1,
      Home: 0,
      End: apps.length - 1,
    }
    const to = moves[event.key]
    if (to === undefined || apps.length === 0 || (at === -1 && event.key !== 'ArrowDown')) return
    event.preventDefault()
    if (to < 0) input.focus()
    else apps[Math.min(to, apps.length - 1)]?.focus()
  }
  input.addEventListener('keydown', walk)
  list.addEventListener('keydown', walk)
  show(
    t('pickTitle'),
    h('label', { for: 'kp-search', class: 'kp-label kp-sr', text: t('searchLabel') }),
    h('div', { class: 'kp-search' }, input),
    count,
    list,
  )
  load()
}

function appButton(app: PickerApp): HTMLButtonElement {
  const active = activeFor(app.app)
  const expired = credentialsOf(app.app, 'expired')
  const badge = active.length
    ? h('span', {
        class: 'kp-badge',
        text:
          active.length > 1 ? t('accountsBadge', { count: active.length }) : t('connectedBadge'),
      })
    : expired.length
      ? h('span', { class: 'kp-badge kp-warn', text: t('expiredBadge') })
      : null
  return h(
    'button',
    {
      type: 'button',
      class: 'kp-app',
      'data-app': app.app,
      onclick: () => {
        if (active.length) reuse(app, active)
        // An expired connection is restored in place (same id) rather than duplicated.
        else if (expired.length && !state.options.allowMultiple)
          authenticate(app.app, expired[0] ?? null)
        else authenticate(app.app, null)
      },
    },
    h('img', { src: app.mark, alt: '', width: 32, height: 32, class: 'kp-mark' }),
    h('span', { class: 'kp-app-name', text: app.name }),
    badge,
  )
}

/** Back to the picker, as the user left it; none when the platform asked for one app or there was no picker. */
export function backButton(): HTMLButtonElement | null {
  return state.lastQuery === null || state.options.app
    ? null
    : button(t('back'), () => pick(state.lastQuery ?? ''))
}
