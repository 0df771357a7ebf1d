// Sample values for an app's fields, for tests that build every app's requests without a network.
import type { App, AppField } from '../src/catalog/index.js'

/** A value the field accepts: its default, first option or placeholder when valid, else a shape-matching guess. */
export function sampleValue(field: AppField): string {
  const candidates = [
    field.default,
    field.options?.[0],
    field.placeholder,
    field.format === 'host' ? 'tenant.example.com' : undefined,
    field.format === 'url' ? 'https://tenant.example.com/base' : undefined,
    'sample',
    'sample-1234567890abcdef',
  ]
  for (const candidate of candidates) {
    if (
      candidate !== undefined &&
      candidate !== '' &&
      (!field.regex || field.regex.test(candidate))
    )
      return candidate
  }
  return 'sample'
}

export function sampleValues(app: App): Record<string, string> {
  const values = Object.fromEntries(app.fields.map((f) => [f.name, sampleValue(f)]))
  for (const name of [
    ...(app.oauth?.tokenResponseMetadata ?? []),
    ...(app.oauth?.callbackMetadata ?? []),
  ]) {
    values[name] =
      name.endsWith('url') || name.endsWith('_url') || name.endsWith('domain')
        ? 'https://tenant.example.com'
        : 'sample-id'
  }
  if (app.isOAuth) values.accessToken = 'sample-access-token'
  return values
}
