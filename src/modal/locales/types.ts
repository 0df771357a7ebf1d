import type { en } from './en.js'

/** Plural forms by Intl.PluralRules category; each locale gives exactly the categories its language has. */
export type PluralForms = Partial<Record<Intl.LDMLPluralRule, string>> & { other: string }
export type MessageKey = keyof typeof en
/** English's keys, each a sentence or a set of plural forms as in English: a missing or extra key does not compile. */
export type Messages = { [K in MessageKey]: (typeof en)[K] extends string ? string : PluralForms }
