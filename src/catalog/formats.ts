// Shapes for typed values that fill a `{name:raw}` placeholder: they are inserted unencoded, so they must not be
// able to carry a query, a fragment, credentials or an IP literal (a user-typed value picks the host Keyport calls).

const LABEL = '[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?'
/** A DNS name with a letters-only last label (so no IP literal, no `localhost`) and an optional port. */
const HOST = `(?:${LABEL}\\.)+[a-zA-Z]{2,63}(?::[0-9]{1,5})?`
/** Path characters of RFC 3986 minus `?`, `#` and `@`. */
const PATH = "(?:/[a-zA-Z0-9._~!$&'()*+,;=:%-]*)*"

export const FORMATS = {
  host: {
    pattern: HOST,
    message: 'Enter a host name such as gitlab.example.com (optionally with :port)',
  },
  url: {
    pattern: `https://${HOST}${PATH}`,
    message: 'Enter an https:// address such as https://shop.example.com/store',
  },
} as const
