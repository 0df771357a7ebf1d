// The two requests that start an OAuth connection, as the modal and its popup send them.
import type { LightMyRequestResponse } from 'fastify'
import { expect } from 'vitest'
import type { Harness } from './harness.js'

export interface StartedFlow {
  state: string
  /** Where the popup is sent: the provider's authorization URL. */
  location: string
  /** The browser-binding cookie, as a `cookie` header value. */
  cookie: string
}

/** The modal's POST /connect/api/oauth/start, then the popup's POST /oauth/start from the public origin. */
export async function startOAuthFlow(
  h: Pick<Harness, 'app' | 'request'>,
  input: { app: string; connectToken: string; publicURL: string; extra?: Record<string, unknown> },
): Promise<StartedFlow> {
  const started = await h.request('POST', '/connect/api/oauth/start', {
    apiKey: null,
    body: { app: input.app, ...input.extra },
    headers: { authorization: `Bearer ${input.connectToken}` },
  })
  expect(started.statusCode).toBe(201)
  const { state } = started.json()
  const popup = await popupStart(h, state, input.publicURL)
  expect(popup.statusCode).toBe(303)
  const setCookie = String(popup.headers['set-cookie'])
  expect(setCookie).toMatch(
    /^kp_oauth=[\w-]{43}; Max-Age=600; Path=\/oauth; HttpOnly; SameSite=Lax$/,
  )
  return { state, location: String(popup.headers.location), cookie: setCookie.split(';')[0]! }
}

/** The popup's form POST of a flow's state to /oauth/start, from `origin` (the public URL, or a forger's). */
export function popupStart(
  h: Pick<Harness, 'app'>,
  state: string,
  origin: string,
): Promise<LightMyRequestResponse> {
  return h.app.inject({
    method: 'POST',
    url: '/oauth/start',
    payload: `state=${state}`,
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin },
  })
}
