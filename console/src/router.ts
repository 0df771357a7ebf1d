// A small history router: a path pattern per page (`/console/users/:userId`), links followed without a reload, the
// page's <h1> focused after each navigation so screen readers announce where they are.
import type { Child } from './dom.js'
import type { Session } from './types.js'

export interface PageContext {
  params: Record<string, string>
  query: URLSearchParams
  session: Session
  isAdmin: boolean
  navigate(path: string, options?: { replace?: boolean }): void
  /** Renders the current page again (after an action changed what it shows). */
  refresh(): void
  /** Forgets the session (it was ended on the server) and shows the sign-in page with this message. */
  endSession(message: string): void
}

export interface Rendered {
  title: string
  body: Child
}

export interface Route {
  pattern: string
  render(context: PageContext): Promise<Rendered>
}

export interface Match {
  route: Route
  params: Record<string, string>
}

export function matchRoute(routes: readonly Route[], path: string): Match | null {
  const parts = path.replace(/\/+$/, '').split('/')
  for (const route of routes) {
    const pattern = route.pattern.split('/')
    if (pattern.length !== parts.length) continue
    const params: Record<string, string> = {}
    const ok = pattern.every((segment, i) => {
      const part = parts[i]!
      if (segment.startsWith(':')) {
        params[segment.slice(1)] = decodeURIComponent(part)
        return part.length > 0
      }
      return segment === part
    })
    if (ok) return { route, params }
  }
  return null
}

/** Follows same-origin /console links in place; modified clicks (new tab) and other links behave as usual. */
export function interceptLinks(navigate: (path: string) => void): void {
  document.addEventListener('click', (event) => {
    if (event.defaultPrevented || event.button !== 0) return
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return
    const anchor = (event.target as Element | null)?.closest('a')
    if (!anchor || anchor.target || anchor.hasAttribute('download')) return
    const url = new URL(anchor.href, location.href)
    if (url.origin !== location.origin || !url.pathname.startsWith('/console')) return
    if (url.hash && url.pathname === location.pathname) return
    event.preventDefault()
    navigate(url.pathname + url.search)
  })
}
