// The platform's theme (connect({ theme })): brand colour, light or dark, its logo. Checked value by value: it
// comes from another window.
import { isRecord } from './guards.js'
import { logo } from './page.js'

export function applyTheme(theme: unknown): void {
  if (!isRecord(theme)) return
  const root = document.documentElement
  if (typeof theme.brandColor === 'string' && /^#[0-9a-f]{3,8}$/i.test(theme.brandColor))
    root.style.setProperty('--kp-brand', theme.brandColor)
  if (theme.mode === 'dark' || theme.mode === 'light') root.setAttribute('data-theme', theme.mode)
  if (typeof theme.logoUrl === 'string' && /^https?:\/\//.test(theme.logoUrl)) {
    logo.src = theme.logoUrl
    logo.hidden = false
  }
}
