import { describe, expect, it } from 'vitest'
import { oauthProblem, problemSource } from './problem.js'

describe('oauth_problem of a refusal', () => {
  it('is read from a form-encoded body or from WWW-Authenticate, the header first', () => {
    expect(oauthProblem(null, 'oauth_problem=consumer_key_rejected')).toBe('consumer_key_rejected')
    expect(oauthProblem(null, 'oauth_problem=token_revoked&oauth_problem_advice=reconnect\n')).toBe(
      'token_revoked',
    )
    expect(
      oauthProblem('OAuth realm="https://api.example.com/", oauth_problem="token_expired"', null),
    ).toBe('token_expired')
    expect(
      oauthProblem('OAuth oauth_problem=signature_invalid', 'oauth_problem=token_rejected'),
    ).toBe('signature_invalid')
  })

  it('is null when absent, and never carries anything but a plain name', () => {
    expect(oauthProblem(null, null)).toBeNull()
    expect(oauthProblem('Bearer realm="x"', '{"error":"unauthorized"}')).toBeNull()
    expect(oauthProblem(null, 'oauth_problem=signature_invalid%20cs_secret')).toBeNull()
    expect(oauthProblem(null, `oauth_problem=${'a'.repeat(65)}`)).toBeNull()
    expect(oauthProblem('OAuth x_oauth_problem="token_rejected"', null)).toBeNull()
  })

  it('blames the client credentials, the token credentials or the request', () => {
    for (const problem of ['consumer_key_unknown', 'consumer_key_rejected', 'signature_invalid'])
      expect(problemSource(problem)).toBe('client')
    for (const problem of ['token_rejected', 'token_revoked', 'token_expired', 'permission_denied'])
      expect(problemSource(problem)).toBe('token')
    for (const problem of ['timestamp_refused', 'nonce_used', 'parameter_absent'])
      expect(problemSource(problem)).toBe('request')
    expect(problemSource('realm_mismatch')).toBeNull()
    expect(problemSource('constructor')).toBeNull()
    expect(problemSource(null)).toBeNull()
  })
})
