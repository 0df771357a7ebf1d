import type { App, AppField } from '../catalog/index.js'
import { AppError, type FieldProblem } from '../errors.js'

const FIELD_NAME = /^[a-zA-Z][a-zA-Z0-9_]{0,40}$/
// Typed values reach headers, URLs and bodies: a CR or LF would split a header, others have no business there.
// C0 and C1 controls, DEL and the Unicode line separators; multi-line fields (PEM) keep \t, \n and \r.
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/
const CONTROL_MULTILINE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u2028\u2029]/

/**
 * Checks typed values against the app's fields: every required field present, no unknown field,
 * every value a non-empty string matching the field's pattern. Problems name fields, never values.
 */
export function validateFieldValues(
  app: App,
  data: Readonly<Record<string, unknown>>,
  fields: readonly AppField[] = app.fields,
): Record<string, string> {
  const problems: FieldProblem[] = []
  const values: Record<string, string> = {}
  const known = new Set(fields.map((f) => f.name))
  const expected = fields.map((f) => f.name).join(', ') || 'none'
  for (const name of Object.keys(data)) {
    if (known.has(name)) continue
    // Echo a name only when it looks like one: a secret pasted as a key must not come back in an error.
    const field = FIELD_NAME.test(name) ? name : '(unnamed)'
    problems.push({
      field,
      message: `${app.name} has no field ${field === name ? `"${name}"` : 'like that'} (its fields: ${expected})`,
    })
  }
  for (const field of fields) {
    const raw = data[field.name] ?? field.default
    if (raw === undefined || raw === null || raw === '') {
      if (field.required)
        problems.push({ field: field.name, message: `${field.displayName} is required` })
      continue
    }
    if (typeof raw !== 'string') {
      problems.push({ field: field.name, message: `${field.displayName} must be a string` })
      continue
    }
    const value = field.secret ? raw : raw.trim()
    if ((field.multiline ? CONTROL_MULTILINE : CONTROL).test(value)) {
      problems.push({
        field: field.name,
        message: `${field.displayName} must not contain line breaks or other control characters`,
      })
    } else if (value.length > 8192) {
      problems.push({ field: field.name, message: `${field.displayName} is too long` })
    } else if (field.options && !field.options.includes(value)) {
      problems.push({
        field: field.name,
        message: `${field.displayName} must be one of: ${field.options.join(', ')}`,
      })
    } else if (field.regex && !field.regex.test(value)) {
      problems.push({
        field: field.name,
        message: field.patternMessage ?? `${field.displayName} does not have the expected format`,
      })
    } else {
      values[field.name] = value
    }
  }
  if (problems.length > 0) {
    throw new AppError(
      'invalid_credential_data',
      `Invalid credential data: ${problems.map((p) => p.message).join('; ')}`,
      {
        fields: problems,
      },
    )
  }
  return values
}

/** Non-secret typed values (a subdomain, a shop name, an account email) are kept readable as metadata. */
export function publicFieldValues(
  app: App,
  values: Readonly<Record<string, string>>,
): Record<string, string> {
  return Object.fromEntries(
    app.fields
      .filter((f) => !f.secret && values[f.name] !== undefined)
      .map((f) => [f.name, values[f.name]!]),
  )
}

/** "Shopify – mystore", "Zendesk – acme", or just "Stripe": the first non-secret value names the account. */
export function defaultCredentialName(app: App, values: Readonly<Record<string, string>>): string {
  const label = app.fields.find((f) => !f.secret && values[f.name])
  return label ? `${app.name} – ${values[label.name]}` : app.name
}
