import type { Conditions } from './schema.js'

/** Reads a dotted path (`ok`, `errors.0.message`) from parsed JSON; undefined when any step is missing. */
export function readJSONPath(json: unknown, path: string): unknown {
  let current: unknown = json
  for (const step of path.split('.')) {
    if (current === null || typeof current !== 'object') return undefined
    current = (current as Record<string, unknown>)[step]
  }
  return current
}

/** True when the JSON meets every condition: equal to a scalar, or present/absent for `{ exists }`. */
export function meetsConditions(json: unknown, conditions: Conditions): boolean {
  return Object.entries(conditions).every(([path, expected]) => {
    const actual = readJSONPath(json, path)
    if (expected !== null && typeof expected === 'object')
      return (actual !== undefined && actual !== null) === expected.exists
    return actual === expected
  })
}
