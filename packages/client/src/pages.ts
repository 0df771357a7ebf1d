/** One page of a list as Keyport answers it. */
export interface Page<T> {
  data: T[]
  nextCursor: string | null
}

/**
 * A list across all its pages: `for await (const item of list)` fetches each page when the one before is used up;
 * `firstPage()` / `page(cursor)` fetch one. Nothing is fetched until it is iterated.
 */
export class PagedList<T> implements AsyncIterable<T> {
  constructor(private readonly fetchPage: (cursor: string | null) => Promise<Page<T>>) {}

  page(cursor: string | null = null): Promise<Page<T>> {
    return this.fetchPage(cursor)
  }

  firstPage(): Promise<Page<T>> {
    return this.fetchPage(null)
  }

  async *[Symbol.asyncIterator](): AsyncIterator<T> {
    let cursor: string | null = null
    do {
      const page: Page<T> = await this.fetchPage(cursor)
      yield* page.data
      cursor = page.nextCursor
    } while (cursor)
  }

  /** Every item, following the cursors; `max` stops early (default: no limit). */
  async toArray(max = Infinity): Promise<T[]> {
    const items: T[] = []
    for await (const item of this) {
      if (items.length >= max) break
      items.push(item)
    }
    return items
  }
}
