// The console's entry: find the session (or sign in with the link's token), then route. Every page is a module in
// pages/ rendering into the shell's <main>.
import './styles.css'
import { ApiError, describeError, get, post, setCsrfToken, whenSessionEnds } from './api.js'
import { h, replaceChildren } from './dom.js'
import { buildShell, type Shell } from './layout.js'
import { interceptLinks, matchRoute, type PageContext } from './router.js'
import { ROUTES } from './routes.js'
import { renderSignIn } from './pages/sign-in.js'
import type { Session } from './types.js'

const root = document.getElementById('app')!
const NEXT_KEY = 'keyport-console-next'
let session: Session | null = null
let shell: Shell | null = null
let rendering = 0
let firstRender = true

function navigate(path: string, options: { replace?: boolean } = {}): void {
  if (options.replace) history.replaceState(null, '', path)
  else history.pushState(null, '', path)
  void show()
}

/** Back to the sign-in page, saying why; the page asked for is kept for after the next sign-in. */
function sessionEnded(reason: string): void {
  if (location.pathname !== '/console/sign-in')
    sessionStorage.setItem(NEXT_KEY, location.pathname + location.search)
  signedOutWith(reason)
}

function signedOutWith(message: string): void {
  session = null
  shell = null
  setCsrfToken(null)
  history.replaceState(null, '', '/console/sign-in')
  void show(message)
}

async function signOut(): Promise<void> {
  try {
    await post('/console/api/sign-out')
  } finally {
    signedOutWith('You signed out.')
  }
}

function signedIn(next: Session): void {
  session = next
  setCsrfToken(next.csrfToken)
  const target = sessionStorage.getItem(NEXT_KEY) ?? '/console'
  sessionStorage.removeItem(NEXT_KEY)
  navigate(target.startsWith('/console') && target !== '/console/sign-in' ? target : '/console', {
    replace: true,
  })
}

async function currentSession(): Promise<Session | null> {
  try {
    return await get<Session>('/console/api/session')
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return null
    throw error
  }
}

async function show(message?: string): Promise<void> {
  const run = ++rendering
  const path = location.pathname
  if (path === '/console/sign-in') {
    shell = null
    const view = await renderSignIn({ message, signedIn, currentSession })
    // Signing in navigated on (another render began): that one owns the page now.
    if (run === rendering) replaceChildren(root, view)
    return
  }
  if (!session) {
    session = await currentSession()
    if (run !== rendering) return
    if (!session) return sessionEnded('Sign in with the link an admin gave you.')
    setCsrfToken(session.csrfToken)
  }
  if (!shell) {
    shell = buildShell(session, () => void signOut())
    replaceChildren(root, shell.root)
  }
  shell.markCurrent(path)
  const match = matchRoute(ROUTES, path)
  const context: PageContext = {
    params: match?.params ?? {},
    query: new URLSearchParams(location.search),
    session,
    isAdmin: session.user.role === 'admin',
    navigate,
    refresh: () => void show(),
    endSession: (message) => signedOutWith(message),
  }
  const main = shell.main
  main.setAttribute('aria-busy', 'true')
  try {
    const page = match
      ? await match.route.render(context)
      : { title: 'Not found', body: [h('h1', null, 'Not found'), h('p', null, 'No such page.')] }
    if (run !== rendering) return
    document.title = `${page.title} · Keyport console`
    replaceChildren(main, page.body)
  } catch (error) {
    if (run !== rendering) return
    if (error instanceof ApiError && error.status === 401) return
    const notFound = error instanceof ApiError && error.status === 404
    document.title = `${notFound ? 'Not found' : 'Error'} · Keyport console`
    replaceChildren(
      main,
      h('h1', null, notFound ? 'Not found' : 'Something went wrong'),
      h('p', { class: 'notice notice-error' }, describeError(error)),
    )
  } finally {
    if (run === rendering) main.removeAttribute('aria-busy')
  }
  if (run !== rendering) return
  // After a navigation in place, the new page's heading takes the focus (and is read out); a first load leaves
  // the focus at the top of the document, where the skip link is.
  if (firstRender) firstRender = false
  else {
    const heading = main.querySelector('h1')
    heading?.setAttribute('tabindex', '-1')
    ;(heading ?? main).focus()
  }
}

whenSessionEnds(() => sessionEnded('Your session ended. Sign in again with a new link.'))
interceptLinks((path) => navigate(path))
addEventListener('popstate', () => void show())
void show()
