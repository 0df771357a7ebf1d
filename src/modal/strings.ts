// The modal's sentences live in locales/ (one file per language); this file keeps the English views older callers
// use (`STRINGS`, `flowFailure`), the demo's few English-only strings, and the placeholder filler.
import type { OAuthFlowFailure } from '../credentials/index.js'
import { LOCALES, type Locale, type Messages } from './locales/index.js'
import { en } from './locales/en.js'

export const STRINGS = en

/** The demo page is a developer's tour, in English only. */
export const DEMO_STRINGS = {
  demoTitle: 'Keyport demo — a pretend platform',
  demoIntro:
    'This page plays the part of a platform that embeds Keyport. The button asks this server to mint a connect token for a demo user, then opens the modal.',
  demoButton: 'Connect an app',
  demoResult: 'Result',
} as const

/** What the user reads when an OAuth flow fails: what happened and what to do, never a stack or JSON. */
export function flowFailure(reason: OAuthFlowFailure, locale: Locale = 'en'): string {
  // Every failure has its flow_ key in every locale: the type refuses a reason without one.
  const messages: Messages = LOCALES[locale]
  return messages[`flow_${reason}`]
}

export function format(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => values[name] ?? '')
}
