import { Type, type TUnsafe } from '@sinclair/typebox'

/** A string that is one of `values` (an `enum` in the document), typed as their union. */
export function StringEnum<T extends string>(
  values: readonly T[],
  options: { description?: string } = {},
): TUnsafe<T> {
  return Type.Unsafe<T>({ type: 'string', enum: [...values], ...options })
}
