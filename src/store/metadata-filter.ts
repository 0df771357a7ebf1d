import { sql, type RawBuilder } from 'kysely'

/** A metadata key as the use cases validate it; checked again here because it reaches the SQL as a JSON path. */
const KEY = /^[A-Za-z0-9_.-]{1,40}$/

/**
 * `<column>` (a JSON object as text) has `key` set to the string `value`: string equality only, so a number 5 or
 * the boolean true never matches "5" or "true". The key and value are bound parameters on both databases.
 */
export function metadataEquals(
  dialect: 'sqlite' | 'postgres',
  column: string,
  filter: { key: string; value: string },
): RawBuilder<boolean> {
  if (!KEY.test(filter.key)) throw new Error('metadata key reached the store unvalidated')
  const ref = sql.ref(column)
  if (dialect === 'postgres')
    return sql<boolean>`(jsonb_typeof(${ref}::jsonb -> ${filter.key}) = 'string' and ${ref}::jsonb ->> ${filter.key} = ${filter.value})`
  // A quoted member name: the key may contain dots, which a bare JSON path would read as nesting.
  const path = `$."${filter.key}"`
  return sql<boolean>`(json_type(${ref}, ${path}) = 'text' and json_extract(${ref}, ${path}) = ${filter.value})`
}
