import type { AppField } from '../catalog/index.js'

/**
 * What a client may know of a catalog field (never a value). Each route's response schema keeps the subset it
 * documents: the /v1 API shows `pattern`, the modal uses `default`.
 */
export function fieldView(field: AppField) {
  return {
    name: field.name,
    displayName: field.displayName,
    description: field.description ?? null,
    secret: field.secret,
    required: field.required,
    pattern: field.pattern ?? null,
    placeholder: field.placeholder ?? null,
    options: field.options ?? null,
    default: field.default ?? null,
    multiline: field.multiline ?? false,
  }
}
