export const REDACTED = '[redacted by Keyport]'

/** Values this short are not looked for: they would match ordinary text (no credential is this short). */
const MIN_LENGTH = 6

/**
 * Replaces every occurrence of each secret in `text`, in the spellings a response may use: as is, percent-encoded
 * (a URL echoing a query parameter) and JSON-escaped. Longest first, so a secret inside a longer value (`Bearer x`)
 * leaves no part behind.
 */
export function redactSecrets(text: string, secrets: readonly string[]): string {
  const forms = new Set<string>()
  for (const secret of secrets) {
    if (secret.length < MIN_LENGTH) continue
    forms.add(secret)
    forms.add(encodeURIComponent(secret))
    forms.add(JSON.stringify(secret).slice(1, -1))
  }
  let out = text
  for (const form of [...forms].sort((a, b) => b.length - a.length))
    if (out.includes(form)) out = out.split(form).join(REDACTED)
  return out
}
