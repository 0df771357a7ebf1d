/** Every string inside a JSON value, with its JSON pointer: the templated parts of a request body. */
export function* jsonStrings(value: unknown, path: string): Generator<[string, string]> {
  if (typeof value === 'string') yield [path, value]
  else if (Array.isArray(value))
    for (const [i, item] of value.entries()) yield* jsonStrings(item, `${path}/${i}`)
  else if (value !== null && typeof value === 'object') {
    for (const [k, item] of Object.entries(value)) yield* jsonStrings(item, `${path}/${k}`)
  }
}
