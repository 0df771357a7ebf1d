// Escape closes the modal; Tab and Shift+Tab stay inside the dialog.
import { dialog } from './page.js'
import { close } from './result.js'

const FOCUSABLE =
  'a[href],button:not([disabled]),input:not([type=hidden]),select,textarea,[tabindex="0"]'

export function onKeydown(event: KeyboardEvent): void {
  if (event.key === 'Escape') return close()
  if (event.key !== 'Tab') return
  // Only what can take focus now: the hosted page hides the close button, and a hidden first or last item would
  // let Tab escape the dialog.
  const items = Array.from(dialog.querySelectorAll<HTMLElement>(FOCUSABLE)).filter(
    (item) => item.getClientRects().length > 0,
  )
  const first = items[0]
  const last = items[items.length - 1]
  if (!first || !last) return
  if (event.shiftKey && document.activeElement === first) {
    event.preventDefault()
    last.focus()
  } else if (!event.shiftKey && document.activeElement === last) {
    event.preventDefault()
    first.focus()
  }
}
