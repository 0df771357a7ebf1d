// The user's connections (from GET /session) and loading one app's details.
import { getApp } from './api.js'
import type { AppDetail, SessionCredential } from '../connect-api-types.js'
import { loading } from './dom.js'
import { fail } from './result.js'
import { state } from './state.js'

export function credentialsOf(app: string, status: 'active' | 'expired'): SessionCredential[] {
  return (state.session?.credentials ?? []).filter((c) => c.app === app && c.status === status)
}

export function activeFor(app: string): SessionCredential[] {
  return credentialsOf(app, 'active')
}

/** Loads one app's details (name, mark, fields) and hands them on. */
export function withApp(appId: string, then: (app: AppDetail) => void): void {
  loading()
  getApp(appId).then(then, (error: unknown) => fail(error))
}
