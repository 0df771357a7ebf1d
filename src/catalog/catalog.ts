import type { App, AuthType } from './types.js'

export interface AppQuery {
  search?: string
  category?: string
  authType?: AuthType
}

export interface Catalog {
  get(id: string): App | null
  list(query?: AppQuery): App[]
  size: number
}

/** An immutable, sorted view over the loaded apps. Search is a substring match over id, name and categories. */
export function createCatalog(apps: ReadonlyMap<string, App>): Catalog {
  const sorted = [...apps.values()].sort((a, b) => a.name.localeCompare(b.name, 'en'))
  return {
    size: sorted.length,
    get: (id) => apps.get(id) ?? null,
    list(query = {}) {
      const needle = query.search?.trim().toLowerCase()
      return sorted.filter(
        (app) =>
          (!needle || app.searchText.includes(needle)) &&
          (!query.category ||
            app.categories.includes(query.category as App['categories'][number])) &&
          (!query.authType || app.authType === query.authType),
      )
    },
  }
}
