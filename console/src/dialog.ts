// A confirmation dialog on the native <dialog> (modal: focus stays inside, Escape cancels, focus returns to the
// button that opened it). The safe choice, Cancel, has the focus first.
import { h } from './dom.js'

export function confirmDialog(options: {
  title: string
  body: string
  confirm: string
}): Promise<boolean> {
  const opener = document.activeElement as HTMLElement | null
  return new Promise((resolve) => {
    const cancel = h('button', { type: 'button', class: 'button quiet', value: 'cancel' }, 'Cancel')
    const ok = h('button', { type: 'button', class: 'button danger', value: 'ok' }, options.confirm)
    const dialog = h(
      'dialog',
      { 'aria-labelledby': 'dialog-title', 'aria-describedby': 'dialog-body' },
      h('h2', { id: 'dialog-title' }, options.title),
      h('p', { id: 'dialog-body' }, options.body),
      h('div', { class: 'dialog-actions' }, cancel, ok),
    )
    const close = (answer: boolean) => {
      dialog.close()
      dialog.remove()
      opener?.focus()
      resolve(answer)
    }
    cancel.addEventListener('click', () => close(false))
    ok.addEventListener('click', () => close(true))
    dialog.addEventListener('cancel', (event) => {
      event.preventDefault()
      close(false)
    })
    document.body.append(dialog)
    dialog.showModal()
    cancel.focus()
  })
}
