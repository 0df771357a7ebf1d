import { describe, expect, it } from 'vitest'
import { LOCALES, negotiateLocale, textDirection, type Locale } from './index.js'

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort()
const names = Object.keys(LOCALES) as Locale[]

describe('modal locales', () => {
  it('ships English, German, French, Spanish, Portuguese (Brazil), Japanese and Arabic', () => {
    expect(names).toEqual(['en', 'de', 'fr', 'es', 'pt-BR', 'ja', 'ar'])
  })

  for (const locale of names) {
    it(`${locale}: exactly English's keys, the same placeholders, plural forms for each of its categories`, () => {
      const messages = LOCALES[locale] as Record<string, unknown>
      const english = LOCALES.en as Record<string, unknown>
      expect(Object.keys(messages).sort()).toEqual(Object.keys(english).sort())
      const categories = new Intl.PluralRules(locale).resolvedOptions().pluralCategories.sort()
      for (const [key, reference] of Object.entries(english)) {
        const value = messages[key]
        if (typeof reference === 'string') {
          expect(typeof value, key).toBe('string')
          expect((value as string).trim(), key).not.toBe('')
          expect(placeholders(value as string), key).toEqual(placeholders(reference))
          continue
        }
        expect(Object.keys(value as object).sort(), `${key}: plural categories`).toEqual(categories)
        const wanted = placeholders((reference as { other: string }).other)
        for (const [category, form] of Object.entries(value as Record<string, string>)) {
          // A form may spell the number out ("حسابان", "one account") but never drop another placeholder.
          const found = placeholders(form).filter((p) => p !== 'count')
          expect(found, `${key}.${category}`).toEqual(wanted.filter((p) => p !== 'count'))
        }
      }
    })
  }

  it('Arabic is written right to left, the others left to right', () => {
    expect(names.filter((l) => textDirection(l) === 'rtl')).toEqual(['ar'])
  })

  it('negotiates: the platform’s choice, then Accept-Language by weight, then English', () => {
    expect(negotiateLocale('de', 'fr')).toBe('de')
    expect(negotiateLocale('de-CH', null)).toBe('de')
    expect(negotiateLocale('pt-PT', null)).toBe('pt-BR')
    expect(negotiateLocale('zz', 'ja-JP,en;q=0.5')).toBe('ja')
    expect(negotiateLocale(null, 'en;q=0.2, ar-EG;q=0.8')).toBe('ar')
    expect(negotiateLocale(null, '*')).toBe('en')
    expect(negotiateLocale(null, 'es;q=0')).toBe('en')
    expect(negotiateLocale('<script>', 'x'.repeat(5000))).toBe('en')
    expect(negotiateLocale(undefined, undefined)).toBe('en')
  })
})
