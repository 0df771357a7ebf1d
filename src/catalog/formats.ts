// Shapes for typed values that fill a `{name:raw}` placeholder: they are inserted unencoded, so they must not be
// able to carry a query, a fragment, credentials or an IP literal (a user-typed value picks the host Keyport calls).
// Names only: an address literal in any spelling (2130706434, 0x7f000002, [::1]) is refused here, and a name that
// resolves to a private address is refused by the outbound client when it connects (src/net).

const LABEL = '[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?'
/** A DNS name with a letters-only last label: no IP literal, no bare `localhost`. */
const HOST_NAME = `(?:${LABEL}\\.)+[a-zA-Z]{2,63}`
/** A port from 1 to 65535 (a larger one makes `new URL` throw). */
const PORT =
  '(?:[1-9][0-9]{0,3}|[1-5][0-9]{4}|6[0-4][0-9]{3}|65[0-4][0-9]{2}|655[0-2][0-9]|6553[0-5])'
/** Path characters of RFC 3986 minus `?`, `#` and `@`. */
const PATH = "(?:/[a-zA-Z0-9._~!$&'()*+,;=:%-]*)*"

export const FORMATS = {
  host: {
    pattern: HOST_NAME,
    message: 'Enter a host name such as gitlab.example.com, without https:// or a port',
  },
  /** `host` on a field with `allowPort: true` (a self-hosted server on its own port). */
  hostPort: {
    pattern: `${HOST_NAME}(?::${PORT})?`,
    message: 'Enter a host name such as gitlab.example.com, optionally with :port',
  },
  url: {
    pattern: `https://${HOST_NAME}(?::${PORT})?${PATH}`,
    message: 'Enter an https:// address such as https://shop.example.com/store',
  },
} as const

/** The shape a field's `format` (and `allowPort`) asks for. */
export function fieldFormat(field: {
  format?: 'host' | 'url'
  allowPort?: boolean
}): (typeof FORMATS)[keyof typeof FORMATS] | null {
  if (field.format === 'host') return field.allowPort ? FORMATS.hostPort : FORMATS.host
  return field.format ? FORMATS[field.format] : null
}
