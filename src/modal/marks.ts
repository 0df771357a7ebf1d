// An app's mark for the modal (picker rows, the dialog's header, the success screen): one square SVG tile, the
// simple-icons glyph on the brand's colour where simple-icons has the brand, else the app's initials on the
// catalog's `brandColor`. simple-icons glyphs are single-colour paths, so a tile reads in light and dark themes alike.
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import type { App } from '../catalog/index.js'

const SIMPLE_ICONS = dirname(createRequire(import.meta.url).resolve('simple-icons'))
/** Custom apps with neither a logo nor a colour get one of these, chosen by id (the same app, the same colour). */
const FALLBACK_COLORS = [
  '#4f46e5',
  '#0f766e',
  '#b45309',
  '#be123c',
  '#1d4ed8',
  '#6d28d9',
  '#15803d',
]

let simpleIconColors: Map<string, string> | null = null
function simpleIconColor(slug: string): string | null {
  simpleIconColors ??= new Map(
    (
      JSON.parse(readFileSync(join(SIMPLE_ICONS, 'data', 'simple-icons.json'), 'utf8')) as {
        slug: string
        hex: string
      }[]
    ).map((icon) => [icon.slug, `#${icon.hex}`]),
  )
  return simpleIconColors.get(slug) ?? null
}

function glyphPath(slug: string): string | null {
  try {
    const svg = readFileSync(join(SIMPLE_ICONS, 'icons', `${slug}.svg`), 'utf8')
    return /<path d="([^"<>]+)"/.exec(svg)?.[1] ?? null
  } catch {
    return null
  }
}

/** "Loopback CRM" → "LC", "Stripe" → "S", "Zoho Books (API)" → "ZB": what the tile says without a logo. */
export function initials(name: string): string {
  const words = name
    .replace(/\(.*\)/g, '')
    .split(/[\s.:–-]+/)
    .filter((w) => /^\p{L}/u.test(w))
  const letters = words.slice(0, 2).map((w) => w.charAt(0).toUpperCase())
  return letters.join('') || name.charAt(0).toUpperCase() || '?'
}

function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => {
    const v = parseInt(hex.slice(i, i + 2), 16) / 255
    return v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4
  }) as [number, number, number]
  return 0.2126 * r + 0.7152 * g + 0.0722 * b
}

/** White or near-black, whichever contrasts more with the tile (yellow Postmark gets a dark glyph). */
export function inkFor(background: string): string {
  const l = luminance(background)
  return 1.05 / (l + 0.05) >= (l + 0.05) / 0.0625 ? '#ffffff' : '#111111'
}

function fallbackColor(id: string): string {
  let hash = 0
  for (const c of id) hash = (hash * 31 + c.charCodeAt(0)) >>> 0
  return FALLBACK_COLORS[hash % FALLBACK_COLORS.length]!
}

/** The tile's colour: the catalog's, else simple-icons', else one derived from the id. */
export function markColor(app: Pick<App, 'id' | 'icon' | 'brandColor'>): string {
  return (
    app.brandColor ??
    (app.icon ? simpleIconColor(app.icon) : null) ??
    fallbackColor(app.id)
  ).toLowerCase()
}

const escapeXML = (value: string) => value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)

export function renderMark(app: Pick<App, 'id' | 'name' | 'icon' | 'brandColor'>): string {
  const color = markColor(app)
  const ink = inkFor(color)
  const path = app.icon ? glyphPath(app.icon) : null
  const inside = path
    ? `<path transform="translate(9 9) scale(.9166)" fill="${ink}" d="${path}"/>`
    : `<text x="20" y="20" dy=".35em" text-anchor="middle" fill="${ink}" font-family="system-ui,-apple-system,'Segoe UI',Roboto,sans-serif" font-size="${initials(app.name).length > 1 ? 15 : 18}" font-weight="600">${escapeXML(initials(app.name))}</text>`
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 40 40"><rect width="40" height="40" rx="9" fill="${color}"/>${inside}</svg>`
}
