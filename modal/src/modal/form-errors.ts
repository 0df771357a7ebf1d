// A form's complaints: beside their fields, or in the form's summary line; and what an error answer says to a user.
import { ApiError } from './api.js'
import type { MessageKey } from '../../../src/modal/locales/index.js'
import type { ErrorCode, FieldProblem } from '../connect-api-types.js'
import type { FieldRow } from './fields.js'
import { t } from './i18n.js'
import type { AppIdentity } from './result.js'

/** A credential form: its rows and the summary line for what no field explains. */
export interface CredentialForm {
  form: HTMLFormElement
  rows: FieldRow[]
  summary: HTMLElement
}

export function clearErrors({ form }: CredentialForm): void {
  form.querySelectorAll('.kp-field-error,.kp-form-error').forEach((line) => {
    line.textContent = ''
  })
  form.querySelectorAll('[aria-invalid]').forEach((control) => {
    control.removeAttribute('aria-invalid')
  })
}

/** Field problems beside their fields (focus on the first); anything else in the form's summary line. */
export function showErrors(form: CredentialForm, problems: FieldProblem[], message: string): void {
  clearErrors(form)
  let first: HTMLElement | null = null
  for (const problem of problems) {
    const control = form.rows.find((row) => row.field.name === problem.field)?.control
    if (!control) continue
    control.setAttribute('aria-invalid', 'true')
    const line = document.getElementById('kp-f-' + problem.field + '-err')
    if (line) line.textContent = problem.message
    first = first ?? control
  }
  form.summary.textContent = first ? '' : message
  ;(first ?? form.summary).focus()
}

/** The field problems of an error answer (none for a network failure). */
export function problemsOf(error: unknown): FieldProblem[] {
  return error instanceof ApiError ? error.fields : []
}

/** Error codes the page words itself, naming the app. */
const CODE_MESSAGES: Partial<Record<string, MessageKey>> = {
  credential_verification_failed: 'verificationFailed',
  verification_unavailable: 'verificationUnavailable',
  oauth_client_not_configured: 'notConfigured',
} satisfies Partial<Record<ErrorCode, MessageKey>>

/** What to tell the user: the page's own sentence for the codes it knows, else the answer's message. */
export function errorMessage(error: unknown, app: AppIdentity): string {
  const key = error instanceof ApiError && error.code ? CODE_MESSAGES[error.code] : undefined
  if (key) return t(key, { app: app.name })
  return error instanceof Error ? error.message : t('genericError')
}
