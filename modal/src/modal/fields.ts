// One form field per catalog field: a text input, a password input with Show/Hide, a text area with a file picker
// (PEM keys, JSON key files) or a select; its help line and its error line, tied together by aria-describedby.
import type { AppField } from '../connect-api-types.js'
import { h } from './dom.js'
import { t } from './i18n.js'

export type FieldControl = HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement

/** A field's row in the form and the control holding its value. */
export interface FieldRow {
  field: AppField
  control: FieldControl
  row: HTMLDivElement
}

/** A key file read in the browser is at most this big; a larger pick is ignored. */
const MAX_FILE_BYTES = 8192

const describedBy = (id: string): string => id + '-help ' + id + '-err'

function selectControl(id: string, field: AppField, options: string[]): HTMLSelectElement {
  const select = h('select', { id, name: field.name, required: field.required })
  for (const option of options) select.append(h('option', { value: option, text: option }))
  return select
}

function textArea(id: string, field: AppField): HTMLTextAreaElement {
  return h('textarea', {
    id,
    name: field.name,
    rows: '6',
    required: field.required,
    placeholder: field.placeholder,
    autocomplete: 'off',
    spellcheck: 'false',
    'aria-describedby': describedBy(id),
  })
}

function textInput(id: string, field: AppField): HTMLInputElement {
  return h('input', {
    id,
    name: field.name,
    type: field.secret ? 'password' : 'text',
    required: field.required,
    placeholder: field.placeholder,
    autocomplete: field.secret ? 'off' : 'on',
    spellcheck: 'false',
    dir: 'auto',
    'aria-describedby': describedBy(id),
  })
}

function changed(control: FieldControl): void {
  control.dispatchEvent(new Event('input', { bubbles: true }))
}

/** Keys copied from a dashboard often carry a space or a line break at either end. */
function trimPastes(control: HTMLInputElement | HTMLTextAreaElement): void {
  // Through HTMLElement, whose event map gives a paste its ClipboardEvent (the union of controls has none).
  const element: HTMLElement = control
  element.addEventListener('paste', (event) => {
    const text = event.clipboardData?.getData('text')
    if (!text || text.trim() === text) return
    event.preventDefault()
    control.setRangeText(text.trim(), control.selectionStart ?? 0, control.selectionEnd ?? 0, 'end')
    changed(control)
  })
}

/** A PEM key or a JSON key file may also be picked from disk; it is read here, never uploaded as a file. */
function filePicker(field: AppField, control: HTMLTextAreaElement): HTMLInputElement {
  const picker = h('input', {
    type: 'file',
    class: 'kp-file',
    accept: '.json,.pem,.key,.txt',
    'aria-label': field.displayName,
  })
  picker.addEventListener('change', () => {
    const file = picker.files?.[0]
    if (!file || file.size > MAX_FILE_BYTES) return
    void file.text().then((text) => {
      control.value = text.trim()
      changed(control)
    })
  })
  return picker
}

function secretToggle(id: string, control: HTMLInputElement): HTMLButtonElement {
  const toggle = h('button', {
    type: 'button',
    class: 'kp-toggle',
    'aria-controls': id,
    'aria-pressed': 'false',
    text: t('showSecret'),
  })
  toggle.addEventListener('click', () => {
    const hidden = control.type === 'password'
    control.type = hidden ? 'text' : 'password'
    toggle.textContent = hidden ? t('hideSecret') : t('showSecret')
    toggle.setAttribute('aria-pressed', String(hidden))
  })
  return toggle
}

/** The field's row, its control holding `value` (a reconnect's public value) or else the field's default. */
export function fieldInput(field: AppField, value: unknown): FieldRow {
  const id = 'kp-f-' + field.name
  let control: FieldControl
  let toggle: HTMLButtonElement | null = null
  let picker: HTMLInputElement | null = null
  if (field.options) control = selectControl(id, field, field.options)
  else if (field.multiline) {
    const area = textArea(id, field)
    trimPastes(area)
    picker = filePicker(field, area)
    control = area
  } else {
    const input = textInput(id, field)
    trimPastes(input)
    if (field.secret) toggle = secretToggle(id, input)
    control = input
  }
  if (value != null) control.value = String(value)
  else if (field.default != null) control.value = field.default
  const error = h('p', { id: id + '-err', class: 'kp-field-error', role: 'alert' })
  // Editing a field takes its old complaint away at once.
  control.addEventListener('input', () => {
    error.textContent = ''
    control.removeAttribute('aria-invalid')
  })
  const row = h(
    'div',
    { class: 'kp-field' },
    h(
      'label',
      { for: id, class: 'kp-label' },
      field.displayName,
      field.required && h('span', { class: 'kp-req', 'aria-hidden': 'true', text: ' *' }),
    ),
    h('p', { id: id + '-help', class: 'kp-help', text: field.description || '' }),
    h('div', { class: 'kp-control' }, control, toggle),
    picker,
    error,
  )
  return { field, control, row }
}
