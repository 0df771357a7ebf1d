// The load scenarios: what each sends, and which sampled ids it spreads over.
import type { Seeded } from './seed.js'

export interface Scenario {
  name: string
  /** 'baseline' scenarios run against the bare server; the rest against Keyport. */
  target: 'baseline' | 'keyport'
  method: 'GET' | 'POST'
  path: string
  body?: string
  ids: (seeded: Seeded) => string[]
  /** Status every response must have; checked once before the load starts. */
  status: number
  /** Bearer token per request: the API key (default), or `{id}` to send the picked id itself (connect tokens). */
  bearer?: 'api-key' | 'id'
  /** Makes what the scenario needs on a running Keyport (e.g. mints tokens); its result replaces `ids`. */
  prepare?: (keyportURL: string, seeded: Seeded) => Promise<string[]>
}

/** An API-key app with no verification request and one free-form field, so creates never call out. */
export const CREATE_APP = 'cognito-forms'

export const BASELINE: Scenario = {
  name: 'baseline (bare pk read)',
  target: 'baseline',
  method: 'GET',
  path: '/baseline/credentials/{id}',
  ids: (s) => s.apiKeyCredentialIds,
  status: 200,
}

export const SECRET_API_KEY: Scenario = {
  name: 'secret read, API key',
  target: 'keyport',
  method: 'GET',
  path: '/v1/credentials/{id}/secret',
  ids: (s) => s.apiKeyCredentialIds,
  status: 200,
}

export const KEYPORT_SCENARIOS: Scenario[] = [
  SECRET_API_KEY,
  {
    name: 'secret read, OAuth',
    target: 'keyport',
    method: 'GET',
    path: '/v1/credentials/{id}/secret',
    ids: (s) => s.oauthCredentialIds,
    status: 200,
  },
  {
    name: "list a user's credentials",
    target: 'keyport',
    method: 'GET',
    path: '/v1/users/{id}/credentials',
    ids: (s) => s.userIds,
    status: 200,
  },
  {
    name: 'create a credential',
    target: 'keyport',
    method: 'POST',
    path: '/v1/credentials',
    body: JSON.stringify({
      userId: '{id}',
      app: CREATE_APP,
      data: { apiKey: 'bench_0123456789abcdefghijklmnop' },
    }),
    ids: (s) => s.userIds,
    status: 201,
  },
]
