import { describe, expect, it } from 'vitest'
import { initials, inkFor, markColor, renderMark } from './marks.js'

describe('app marks', () => {
  it('initials: up to two words, parentheses and punctuation ignored', () => {
    expect(initials('Loopback CRM')).toBe('LC')
    expect(initials('Stripe')).toBe('S')
    expect(initials('Amplitude (API key and secret)')).toBe('A')
    expect(initials('monday.com')).toBe('MC')
    expect(initials('Re:amaze')).toBe('RA')
    expect(initials('123')).toBe('1')
  })

  it('picks the ink that contrasts more: white on dark brands, near-black on yellow', () => {
    expect(inkFor('#4a154b')).toBe('#ffffff')
    expect(inkFor('#ffde00')).toBe('#111111')
    expect(inkFor('#000000')).toBe('#ffffff')
  })

  it('colour: catalog brandColor, else simple-icons, else one stable fallback per id', () => {
    expect(markColor({ id: 'x', icon: null, brandColor: '#ABCDEF' })).toBe('#abcdef')
    expect(markColor({ id: 'stripe', icon: 'stripe', brandColor: null })).toBe('#635bff')
    const fallback = markColor({ id: 'private-app', icon: null, brandColor: null })
    expect(fallback).toMatch(/^#[0-9a-f]{6}$/)
    expect(markColor({ id: 'private-app', icon: null, brandColor: null })).toBe(fallback)
  })

  it('escapes the initials (a custom app’s name is data) and draws the glyph when there is one', () => {
    expect(renderMark({ id: 'x', name: '<b>ad & co', icon: null, brandColor: null })).not.toMatch(
      /<b|&(?!#)/,
    )
    // No word starts with a letter: the first character stands in, escaped.
    const hostile = renderMark({ id: 'x', name: '<>', icon: null, brandColor: null })
    expect(hostile).toContain('>&#60;</text>')
    const stripe = renderMark({ id: 'stripe', name: 'Stripe', icon: 'stripe', brandColor: null })
    expect(stripe).toMatch(/<path transform="[^"]+" fill="#ffffff" d="M13\.976/)
    expect(stripe).not.toContain('<text')
  })
})
