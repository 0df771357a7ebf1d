// The modal's API client (/connect/api, authenticated by the connect token). A 429 refused the request before
// anything happened, so it is sent again after Retry-After (at most 5 s), a few times, before the user sees a message.
import type {
  AppDetail,
  PickerApps,
  CredentialConnected,
  ConnectKeyBody,
  FieldProblem,
  OAuthFlowStarted,
  OAuthStartBody,
  OAuthStatusBody,
  FlowStatus,
  ReconnectKeyBody,
  ConnectSession,
} from '../connect-api-types.js'
import { isRecord } from './guards.js'
import { t } from './i18n.js'
import { framedFor } from './page.js'
import { state } from './state.js'

const RATE_LIMIT_RETRIES = 3
const MAX_RETRY_AFTER_SECONDS = 5

/** An error answer: its message (or the page's wording for 401 and 429), code and field problems. */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly code: string | null,
    readonly fields: FieldProblem[],
  ) {
    super(message)
  }
}

function isFieldProblem(value: unknown): value is FieldProblem {
  return isRecord(value) && typeof value.field === 'string' && typeof value.message === 'string'
}

function apiError(status: number, json: unknown): ApiError {
  const error = isRecord(json) && isRecord(json.error) ? json.error : {}
  const message =
    status === 401
      ? t('sessionExpired')
      : status === 429
        ? t('tooManyRequests')
        : (typeof error.message === 'string' && error.message) || t('genericError')
  const fields = Array.isArray(error.fields) ? error.fields.filter(isFieldProblem) : []
  return new ApiError(message, typeof error.code === 'string' ? error.code : null, fields)
}

async function request<T>(
  method: 'GET' | 'POST',
  path: string,
  options: { body?: object; retried?: number } = {},
): Promise<T> {
  const retried = options.retried ?? 0
  const headers: Record<string, string> = { authorization: 'Bearer ' + state.token }
  if (framedFor) headers['keyport-frame-workspace'] = framedFor
  const init: RequestInit = { method, headers }
  if (options.body) {
    headers['content-type'] = 'application/json'
    init.body = JSON.stringify(options.body)
  }
  let response: Response
  try {
    response = await fetch('/connect/api' + path, init)
  } catch {
    throw new Error(t('networkError'))
  }
  if (response.status === 429 && retried < RATE_LIMIT_RETRIES) {
    const seconds = Math.min(
      Number(response.headers.get('retry-after')) || 1,
      MAX_RETRY_AFTER_SECONDS,
    )
    await new Promise((resolve) => setTimeout(resolve, seconds * 1000))
    return request<T>(method, path, { ...options, retried: retried + 1 })
  }
  const json: unknown = await response.json().catch(() => null)
  // Typed by the caller with the route's answer (connect-api-types.ts, generated from the schemas the route
  // serializes with; the tests check every answer against them).
  if (response.ok) return json as T
  throw apiError(response.status, json)
}

export function getSession(): Promise<ConnectSession> {
  return request('GET', '/session')
}

export function searchApps(search: string): Promise<PickerApps> {
  return request('GET', '/apps?search=' + encodeURIComponent(search))
}

export function getApp(app: string): Promise<AppDetail> {
  return request('GET', '/apps/' + encodeURIComponent(app))
}

export function createCredential(body: ConnectKeyBody): Promise<CredentialConnected> {
  return request('POST', '/credentials', { body })
}

export function reconnectCredential(
  credentialId: string,
  body: ReconnectKeyBody,
): Promise<CredentialConnected> {
  return request('POST', '/credentials/' + encodeURIComponent(credentialId) + '/reconnect', {
    body,
  })
}

export function startOAuthFlow(body: OAuthStartBody): Promise<OAuthFlowStarted> {
  return request('POST', '/oauth/start', { body })
}

export function oauthFlowStatus(oauthState: string): Promise<FlowStatus> {
  const body: OAuthStatusBody = { state: oauthState }
  return request('POST', '/oauth/status', { body })
}
