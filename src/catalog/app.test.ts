import { describe, expect, it } from 'vitest'
import { fillJSONTemplate, fillTemplate, toApp } from './app.js'
import type { AppFile } from './schema.js'

const keyApp = (auth: Record<string, unknown>): AppFile =>
  ({
    id: 'acme',
    name: 'Acme',
    categories: ['crm'],
    docsURL: 'https://acme.example/docs',
    confirmation: 'documented',
    auth: {
      type: 'api_key',
      fields: [{ name: 'apiKey', displayName: 'API key', secret: true }],
      ...auth,
    },
  }) as AppFile

const oauthApp = (auth: Record<string, unknown>): AppFile =>
  ({
    id: 'acme',
    name: 'Acme',
    categories: ['crm'],
    docsURL: 'https://acme.example/docs',
    confirmation: 'documented',
    auth: {
      type: 'oauth2',
      authorizationURL: 'https://acme.example/authorize',
      tokenURL: 'https://acme.example/token',
      scopes: ['read'],
      pkce: 'supported',
      tokenEndpointAuthMethod: 'client_secret_basic',
      refresh: { supported: true },
      ...auth,
    },
  }) as AppFile

describe('fillTemplate', () => {
  it('URL-encodes values so a typed value cannot change host or path', () => {
    expect(
      fillTemplate('https://{shop}.myshopify.com/x', { shop: 'a/b?c#' }, { encode: true }),
    ).toBe('https://a%2Fb%3Fc%23.myshopify.com/x')
  })
  it('inserts {name:raw} unencoded and without trailing slashes', () => {
    const values = { baseURL: 'https://example.com/shop/', host: 'git.example.com:8443' }
    expect(
      fillTemplate('{baseURL:raw}/wp-json/wc/v3/system_status', values, { encode: true }),
    ).toBe('https://example.com/shop/wp-json/wc/v3/system_status')
    expect(fillTemplate('https://{host:raw}/api/v4/user', values, { encode: true })).toBe(
      'https://git.example.com:8443/api/v4/user',
    )
  })
  it('fills dotted and hyphenated metadata names', () => {
    expect(
      fillTemplate(
        '{accounts-server:raw}/oauth/v2/token?t={team.id}',
        { 'accounts-server': 'https://accounts.zoho.eu', 'team.id': 'T1' },
        { encode: true },
      ),
    ).toBe('https://accounts.zoho.eu/oauth/v2/token?t=T1')
  })
})

describe('fillJSONTemplate', () => {
  it('fills every string in a JSON body and keeps numbers, nulls and the shape', () => {
    const body = {
      key: '{apiKey}',
      nested: [{ q: 'x {apiKey} y' }, 3, null, true],
      query: '{ viewer { id } }',
    }
    expect(fillJSONTemplate(body, { apiKey: 'k"1' })).toEqual({
      key: 'k"1',
      nested: [{ q: 'x k"1 y' }, 3, null, true],
      query: '{ viewer { id } }',
    })
  })
})

describe('toApp', () => {
  it('rejects a body placeholder that names no field', () => {
    expect(() =>
      toApp(
        keyApp({
          verification: {
            method: 'POST',
            url: 'https://acme.example/me',
            body: { key: '{apiKy}' },
          },
        }),
      ),
    ).toThrow(
      'field /auth/verification/body/key: placeholder {apiKy} names no value available there',
    )
  })
  it('rejects form placeholders that name no field, and body together with form', () => {
    expect(() =>
      toApp(
        keyApp({
          verification: {
            method: 'POST',
            url: 'https://acme.example/t',
            form: { secret: '{nope}' },
          },
        }),
      ),
    ).toThrow('field /auth/verification/form/secret')
    expect(() =>
      toApp(
        keyApp({
          verification: {
            method: 'POST',
            url: 'https://acme.example/t',
            form: { a: 'b' },
            body: {},
          },
        }),
      ),
    ).toThrow('either `body` or `form`')
  })
  it('allows {name:raw} only for fields with a format', () => {
    const fields = [
      { name: 'apiKey', displayName: 'API key', secret: true },
      { name: 'server', displayName: 'Server', secret: false },
    ]
    expect(() =>
      toApp(
        keyApp({ fields, verification: { method: 'GET', url: '{server:raw}/api/v4/users/me' } }),
      ),
    ).toThrow('field /auth/verification/url: {server:raw} needs a field with a "format"')
    const ok = toApp(
      keyApp({
        fields: [fields[0]!, { ...fields[1]!, format: 'url' }],
        verification: { method: 'GET', url: '{server:raw}/api/v4/users/me' },
      }),
    )
    const server = ok.fields.find((f) => f.name === 'server')!
    expect(server.regex!.test('https://chat.example.com')).toBe(true)
    expect(server.regex!.test('https://chat.example.com/sub/dir/')).toBe(true)
    expect(server.pattern).toBeDefined() // exposed to the modal
    for (const bad of [
      'http://chat.example.com',
      'https://127.0.0.1',
      'https://localhost',
      'https://a.example.com/?x=1',
      'https://u@a.example.com',
      'https://a.example.com#x',
    ]) {
      expect(server.regex!.test(bad), bad).toBe(false)
    }
  })
  it('checks host-format values', () => {
    const app = toApp(
      keyApp({
        fields: [
          { name: 'host', displayName: 'Host', secret: false, format: 'host' },
          { name: 'apiKey', displayName: 'Key', secret: true },
        ],
      }),
    )
    const host = app.fields[0]!
    expect(host.regex!.test('gitlab.example.com:8443')).toBe(true)
    expect(host.regex!.test('gitlab.example.com/evil')).toBe(false)
    expect(host.regex!.test('10.0.0.1')).toBe(false)
  })
  it('lets scopes use connection fields, and verifications use token and callback metadata', () => {
    const app = toApp(
      oauthApp({
        fields: [{ name: 'orgHost', displayName: 'Org', secret: false, format: 'host' }],
        scopes: ['https://{orgHost}/user_impersonation', 'offline_access'],
        tokenResponseMetadata: ['instance_url'],
        callbackMetadata: ['realmId'],
        verification: {
          method: 'GET',
          url: '{instance_url:raw}/v3/company/{realmId}',
          headers: { Authorization: 'Bearer {accessToken}' },
        },
      }),
    )
    expect(app.oauth!.scopes[0]).toBe('https://{orgHost}/user_impersonation')
    expect(() => toApp(oauthApp({ scopes: ['https://{org}/x'] }))).toThrow(
      'field /auth/scopes/0: placeholder {org}',
    )
    // Callback metadata is not known yet when the authorization URL is built.
    expect(() =>
      toApp(oauthApp({ callbackMetadata: ['realmId'], authorizationParams: { x: '{realmId}' } })),
    ).toThrow('field /auth/authorizationParams/x')
  })
  it('requires key recipes with quirks and no verification to say why, and forbids both', () => {
    expect(() => toApp(keyApp({ quirks: 'aws-sigv4' }))).toThrow('field /auth/unverifiable')
    const app = toApp(
      keyApp({
        quirks: 'aws-sigv4',
        unverifiable: 'Requests are signed with AWS Signature Version 4.',
      }),
    )
    expect(app.quirks).toBe('aws-sigv4')
    expect(app.unverifiable).toMatch(/Signature/)
    expect(() =>
      toApp(
        keyApp({
          unverifiable: 'x',
          verification: { method: 'GET', url: 'https://acme.example/me' },
        }),
      ),
    ).toThrow('field /auth/unverifiable')
  })
})
