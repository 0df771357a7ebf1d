// A secret the server returns once (a webhook signing secret, a new sign-in link): shown in a read-only field to
// copy, with a warning that it will not be shown again.
import { h } from '../dom.js'

export function secretOnce(label: string, value: string): HTMLElement {
  const input = h('input', {
    id: `once-${Math.random().toString(36).slice(2, 9)}`,
    readonly: true,
    value,
    class: 'secret-once',
    spellcheck: 'false',
  })
  return h(
    'div',
    { class: 'once' },
    h('label', { for: input.id }, label),
    input,
    h('p', { class: 'hint' }, 'Copy it now: it is not shown again.'),
  )
}
