// Dates as people read them: an absolute time (in a <time> element, machine-readable) with a relative hint.
import { h } from './dom.js'

const ABSOLUTE = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' })
const RELATIVE = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' })
const STEPS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['second', 60],
  ['minute', 60],
  ['hour', 24],
  ['day', 30],
  ['month', 12],
  ['year', Infinity],
]

export function relative(iso: string, now = Date.now()): string {
  let value = (Date.parse(iso) - now) / 1000
  for (const [unit, size] of STEPS) {
    if (Math.abs(value) < size) return RELATIVE.format(Math.round(value), unit)
    value /= size
  }
  return ''
}

export function when(iso: string | null | undefined, none = '—'): HTMLElement | string {
  if (!iso) return none
  return h('time', { datetime: iso, title: ABSOLUTE.format(new Date(iso)) }, relative(iso))
}

export function absolute(iso: string | null | undefined, none = '—'): HTMLElement | string {
  if (!iso) return none
  return h('time', { datetime: iso }, ABSOLUTE.format(new Date(iso)))
}

/** Who did something, from an audit actor: console:cu_… , api_key, worker, agent_token:… */
export function actorLabel(actor: string | null): string {
  if (!actor) return '—'
  if (actor.startsWith('console:')) return `console user ${actor.slice(8)}`
  return actor.replace(/_/g, ' ')
}
