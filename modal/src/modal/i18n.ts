// Every text comes from the strings block the server renders in the page's language (src/modal/locales/); the
// platform may override any of them per call (`strings`). Values go in via textContent only.
import type { MessageKey } from '../../../src/modal/locales/index.js'
import { isRecord } from './guards.js'
import { page } from './page.js'

/** A sentence, or its plural forms by Intl.PluralRules category (an override may lack some, even `other`). */
type Text = string | Partial<Record<string, string>>

const strings: Record<MessageKey, Text> = page.strings
const plurals = new Intl.PluralRules(page.locale)
const numbers = new Intl.NumberFormat(page.locale)
/** An override longer than this is ignored. */
const MAX_OVERRIDE = 500

export type Values = { count?: number } & Record<string, string | number | undefined>

/** A string, or the plural form for values.count; `{name}` filled from values. */
export function t(key: MessageKey, values?: Values): string {
  let entry: Text | undefined = strings[key]
  if (typeof entry === 'object') entry = entry[plurals.select(values?.count ?? NaN)] || entry.other
  return String(entry ?? key).replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = values?.[name]
    if (value == null) return ''
    return name === 'count' && typeof value === 'number' ? numbers.format(value) : String(value)
  })
}

function isMessageKey(key: string): key is MessageKey {
  return Object.prototype.hasOwnProperty.call(strings, key)
}

/** True when the page has a (non-empty) string under this key, e.g. `flow_<reason>`. */
export function hasMessage(key: string): key is MessageKey {
  return isMessageKey(key) && Boolean(strings[key])
}

/** The platform's own wording (`strings: {…}`): known keys only, plain text, bounded. */
export function overrideStrings(overrides: unknown): void {
  if (!isRecord(overrides)) return
  for (const key of Object.keys(strings).filter(isMessageKey)) {
    const value = overrides[key]
    if (typeof value === 'string' && value.length <= MAX_OVERRIDE) strings[key] = value
    else if (isRecord(value) && typeof value.other === 'string') {
      const forms: Record<string, string> = {}
      for (const [category, form] of Object.entries(value))
        if (typeof form === 'string' && form.length <= MAX_OVERRIDE) forms[category] = form
      strings[key] = forms
    }
  }
}
