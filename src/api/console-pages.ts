// The operator console's front-end at /console: the page (one index.html for every console path, the browser's
// router picks the view) and its hashed assets, as built by Vite into dist/console-ui (scripts/build-console.mjs).
// Static files only: sign-in, sessions and roles are the console API's (/console/api) and /v1's business.
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import type { FastifyInstance, FastifyReply } from 'fastify'
import { sendError } from './errors.js'

/** Where `npm run build` puts the console: the same place from src/api (tsx) and dist/api (compiled). */
const CONSOLE_DIR = new URL('../../dist/console-ui/', import.meta.url)

/** Every path the console's router knows (console/src/routes.ts); anything else under /console is a 404. */
export const CONSOLE_PAGES = [
  '/console',
  '/console/',
  '/console/sign-in',
  '/console/users',
  '/console/users/:userId',
  '/console/credentials',
  '/console/credentials/:credentialId',
  '/console/webhooks',
  '/console/webhooks/:webhookId',
  '/console/events',
  '/console/apps',
  '/console/apps/:app',
  '/console/settings',
] as const

const TYPES: Record<string, string> = {
  js: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
  svg: 'image/svg+xml',
  woff2: 'font/woff2',
}

// No inline script or style anywhere: the bundle is one script and one stylesheet from 'self'. App marks come from
// /connect/marks (same origin).
const PAGE_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
  "font-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"

export interface ConsoleBuild {
  /** index.html as Vite wrote it; null when the console was not built (dist/console-ui missing). */
  page: string | null
  /** assets/<name>-<hash>.<ext> → its bytes and content type. */
  assets: ReadonlyMap<string, { body: Buffer; type: string }>
}

/** Reads dist/console-ui once, at boot. */
export function loadConsoleBuild(dir: URL = CONSOLE_DIR): ConsoleBuild {
  const index = new URL('index.html', dir)
  if (!existsSync(index)) return { page: null, assets: new Map() }
  const assets = new Map<string, { body: Buffer; type: string }>()
  const assetDir = new URL('assets/', dir)
  for (const name of existsSync(assetDir) ? readdirSync(assetDir) : []) {
    const type = TYPES[name.slice(name.lastIndexOf('.') + 1)]
    if (type) assets.set(name, { body: readFileSync(new URL(name, assetDir)), type })
  }
  return { page: readFileSync(index, 'utf8'), assets }
}

function sendPage(reply: FastifyReply, build: ConsoleBuild): FastifyReply {
  if (build.page === null)
    return reply
      .code(503)
      .type('text/plain; charset=utf-8')
      .header('cache-control', 'no-store')
      .send('The console is not built: run `npm run build` (it writes dist/console-ui).\n')
  return (
    reply
      .type('text/html; charset=utf-8')
      // The page names the current hashed assets: always asked for again, never kept.
      .header('cache-control', 'no-store')
      .header('content-security-policy', PAGE_CSP)
      // The sign-in link's token is in the fragment, which no Referer carries; nothing else leaves either.
      .header('referrer-policy', 'no-referrer')
      .header('x-frame-options', 'DENY')
      .header('cross-origin-opener-policy', 'same-origin')
      .send(build.page)
  )
}

export function consolePageRoutes(app: FastifyInstance, build: ConsoleBuild): void {
  for (const path of CONSOLE_PAGES)
    app.get(path, { schema: { hide: true } }, async (_request, reply) => sendPage(reply, build))
  app.get<{ Params: { file: string } }>(
    '/console/assets/:file',
    { schema: { hide: true } },
    async (request, reply) => {
      const asset = build.assets.get(request.params.file)
      if (!asset) return sendError(reply, request, 'not_found', 'No such file.')
      return (
        reply
          .type(asset.type)
          // The name carries the content's hash: a new build is a new name.
          .header('cache-control', 'public, max-age=31536000, immutable')
          .send(asset.body)
      )
    },
  )
}
