// Dates as people read them: an absolute time (in a <time> element, machine-readable) with a relative hint.
import { h } from './dom.js'
import type { ExpiryReason } from './types.js'

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

/** Why a credential expired, for an operator (the API's expiryReason codes, src/credentials/expiry-reasons.ts). */
const EXPIRY_REASON_TEXT: Record<ExpiryReason, string> = {
  refresh_rejected:
    'the provider refused the refresh (access revoked, or the refresh token was lost)',
  mint_rejected: 'the provider refused to issue a token from the stored client secret or key',
  access_token_expired: 'the access token ran out and there is no refresh token',
  verification_rejected: 'the app rejected the key when it was checked',
  key_lifetime_ended: "the key's known lifetime ended",
  reported_invalid: 'your platform reported it invalid',
  provider_unreachable: 'the provider could not be reached for too long',
}

export function expiryReasonText(reason: ExpiryReason | null): string {
  return reason ? EXPIRY_REASON_TEXT[reason] : 'not recorded'
}
