// A console user's side of the API over real HTTP (fetch against a listening node): calls with a session cookie,
// the CSRF header and an Origin, console users made through the API, sign-ins, and the audit trail. Every link
// token and session cookie it hands out is pushed to `secrets`, so a test can check none reached the log.
import { expect } from 'vitest'
import type { Harness } from './harness.js'

export interface Answer {
  status: number
  body: any
  setCookie: string | null
}

export interface CallOptions {
  cookie?: string
  csrf?: string
  /** The Origin header: the public URL unless given; null sends none. */
  origin?: string | null
  body?: unknown
  headers?: Record<string, string>
  apiKey?: string
}

export interface AuditRow {
  actor: string
  action: string
  target: string
  detail: Record<string, unknown> | null
}

export interface ConsoleClient {
  call(method: string, path: string, options?: CallOptions): Promise<Answer>
  newConsoleUser(
    email: string,
    role: 'admin' | 'support',
    apiKey?: string,
  ): Promise<{ id: string; token: string }>
  signIn(token: string): Promise<{ cookie: string; csrf: string; answer: Answer }>
  auditRows(filter: string): Promise<AuditRow[]>
}

export function consoleClient(options: {
  h: Harness
  /** http://127.0.0.1:<port> of the listening node. */
  base: string
  publicURL: string
  secrets: string[]
}): ConsoleClient {
  const { h, base, publicURL, secrets } = options
  const call: ConsoleClient['call'] = async (method, path, options = {}) => {
    const headers: Record<string, string> = { ...options.headers }
    if (options.cookie) headers.cookie = `theme=dark; keyport_console=${options.cookie}`
    if (options.csrf) headers['x-csrf-token'] = options.csrf
    if (options.origin !== null) headers.origin = options.origin ?? publicURL
    if (options.apiKey) headers.authorization = `Bearer ${options.apiKey}`
    if (options.body !== undefined) headers['content-type'] = 'application/json'
    const response = await fetch(`${base}${path}`, {
      method,
      headers,
      ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
    })
    const text = await response.text()
    return {
      status: response.status,
      body: text ? JSON.parse(text) : null,
      setCookie: response.headers.get('set-cookie'),
    }
  }
  return {
    call,
    async newConsoleUser(email, role, apiKey = h.apiKey) {
      const created = await call('POST', '/v1/console-users', { apiKey, body: { email, role } })
      expect(created.status, JSON.stringify(created.body)).toBe(201)
      const url: string = created.body.signInUrl
      expect(url.startsWith(`${publicURL}/console/sign-in#token=csl_`)).toBe(true)
      expect(url).not.toContain('?')
      const token = url.split('#token=')[1]!
      secrets.push(token)
      return { id: created.body.consoleUser.id, token }
    },
    async signIn(token) {
      const answer = await call('POST', '/console/api/sign-in', { body: { token } })
      expect(answer.status, JSON.stringify(answer.body)).toBe(200)
      const cookie = answer.setCookie!.match(/^keyport_console=(css_[A-Za-z0-9_-]{43});/)![1]!
      secrets.push(cookie)
      return { cookie, csrf: answer.body.csrfToken, answer }
    },
    async auditRows(filter) {
      await h.deps.activity.flush()
      return (await call('GET', `/v1/audit?${filter}`, { apiKey: h.apiKey })).body.data
    },
  }
}
