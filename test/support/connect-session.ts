// An end user connecting apps through the modal, as the OAuth flow tests drive it: a connect token for one user, the
// modal's /connect/api requests, the popup's start (oauth-start.ts) and the provider's redirect arriving at Keyport's
// callback. The provider's own step (log in, approve) is the caller's: each stand-in has its `authorize`.
import type { LightMyRequestResponse } from 'fastify'
import { expect } from 'vitest'
import type { Harness } from './harness.js'
import { startOAuthFlow, type StartedFlow } from './oauth-start.js'

export interface ConnectSession {
  userId: string
  /** The user's connect token (`ct_…`). */
  token: string
  /** A /connect/api request with the session's connect token, or another one. */
  modal(
    method: string,
    url: string,
    body?: unknown,
    connectToken?: string,
  ): Promise<LightMyRequestResponse>
  /** The modal's start and the popup's POST /oauth/start: the provider URL and the browser's cookie. */
  begin(app: string, extra?: Record<string, unknown>): Promise<StartedFlow>
  /** The provider's redirect back, from the browser holding `cookie` (null: another browser). */
  callback(url: URL | string, cookie: string | null): Promise<LightMyRequestResponse>
  /** Start → the provider's step → callback → the flow's status: the connected credential's id. */
  connect(app: string, authorize: (location: string) => Promise<URL>): Promise<string>
}

export async function startConnectSession(
  h: Pick<Harness, 'app' | 'request'>,
  input: { publicURL: string; username: string; email?: string },
): Promise<ConnectSession> {
  const user = await h.request('POST', '/v1/users', {
    body: { username: input.username, ...(input.email ? { email: input.email } : {}) },
  })
  const { userId } = user.json()
  const { token } = (await h.request('POST', `/v1/users/${userId}/token`, { body: {} })).json()
  const session: ConnectSession = {
    userId,
    token,
    modal: (method, url, body, connectToken = token) =>
      h.request(method, `/connect/api${url}`, {
        apiKey: null,
        body,
        headers: { authorization: `Bearer ${connectToken}` },
      }),
    begin: (app, extra = {}) =>
      startOAuthFlow(h, { app, extra, connectToken: token, publicURL: input.publicURL }),
    callback(url, cookie) {
      const target = typeof url === 'string' ? new URL(url, input.publicURL) : url
      return h.app.inject({
        method: 'GET',
        url: target.pathname + target.search,
        headers: cookie ? { cookie } : {},
      })
    },
    async connect(app, authorize) {
      const { state, location, cookie } = await session.begin(app)
      const page = await session.callback(await authorize(location), cookie)
      expect(page.statusCode).toBe(200)
      const status = (await session.modal('POST', '/oauth/status', { state })).json()
      expect(status).toMatchObject({ status: 'connected', app })
      return status.credentialId as string
    },
  }
  return session
}
