// The modal's languages. The page is rendered in one of them (chosen from the `locale` the platform passes, else
// the browser's Accept-Language), so only that language's strings travel to the browser.
import { ar } from './ar.js'
import { de } from './de.js'
import { en } from './en.js'
import { es } from './es.js'
import { fr } from './fr.js'
import { ja } from './ja.js'
import { ptBR } from './pt-BR.js'
import type { Messages } from './types.js'

export type { Messages, MessageKey, PluralForms } from './types.js'

export const LOCALES = { en, de, fr, es, 'pt-BR': ptBR, ja, ar } satisfies Record<string, Messages>
export type Locale = keyof typeof LOCALES
export const DEFAULT_LOCALE: Locale = 'en'
const RIGHT_TO_LEFT: ReadonlySet<Locale> = new Set(['ar'])
/** BCP 47-shaped, short: anything else in a query string or header is ignored, never echoed. */
const TAG = /^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{1,8}){0,3}$/

export function textDirection(locale: Locale): 'ltr' | 'rtl' {
  return RIGHT_TO_LEFT.has(locale) ? 'rtl' : 'ltr'
}

/** `de-AT` → `de`, `pt` and `pt-PT` → `pt-BR` (the Portuguese we have), `xx` → null. */
function match(tag: string): Locale | null {
  if (!TAG.test(tag)) return null
  const lower = tag.toLowerCase()
  const names = Object.keys(LOCALES) as Locale[]
  const exact = names.find((name) => name.toLowerCase() === lower)
  if (exact) return exact
  const language = lower.split('-')[0]
  return names.find((name) => name.toLowerCase().split('-')[0] === language) ?? null
}

/** Accept-Language tags by preference (`q` weights, ties in header order), at most ten looked at. */
function acceptedTags(header: string): string[] {
  return header
    .split(',')
    .slice(0, 10)
    .map((part, index) => {
      const [tag = '', ...params] = part.trim().split(';')
      const q = params.map((p) => /^\s*q=([0-9.]+)\s*$/.exec(p)?.[1]).find(Boolean)
      return { tag: tag.trim(), q: q === undefined ? 1 : Number(q), index }
    })
    .filter((entry) => entry.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index)
    .map((entry) => entry.tag)
}

/** The platform's choice when we have it, else the browser's first language we have, else English. */
export function negotiateLocale(
  requested: string | null | undefined,
  acceptLanguage: string | null | undefined,
): Locale {
  for (const tag of [requested ?? '', ...acceptedTags(acceptLanguage ?? '')]) {
    const found = match(tag)
    if (found) return found
  }
  return DEFAULT_LOCALE
}
