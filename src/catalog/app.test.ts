import { describe, expect, it } from 'vitest'
import { fillJSONTemplate, fillTemplate, hostMatches, toApp } from './app.js'
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
    expect(host.regex!.test('gitlab.example.com')).toBe(true)
    for (const bad of [
      'gitlab.example.com:8443', // no allowPort: no port
      'gitlab.example.com/evil',
      '10.0.0.1',
      '127.0.0.2',
      '2130706434',
      '0x7f000002',
      '127.1',
      'localhost',
      '[::1]',
      'a.example.com\r\nX: y',
      'u@a.example.com',
    ])
      expect(host.regex!.test(bad), bad).toBe(false)
  })

  it('takes a port on a host field only with allowPort, and only a real one', () => {
    const withPort = (extra: object) =>
      toApp(
        keyApp({
          fields: [
            { name: 'host', displayName: 'Host', secret: false, format: 'host', ...extra },
            { name: 'apiKey', displayName: 'Key', secret: true },
          ],
          verification: { method: 'GET', url: 'https://{host:raw}/api/v4/user' },
        }),
      ).fields[0]!.regex!
    const regex = withPort({ allowPort: true })
    expect(regex.test('chat.example.com:8065')).toBe(true)
    expect(regex.test('chat.example.com:65535')).toBe(true)
    for (const bad of ['chat.example.com:0', 'chat.example.com:65536', 'chat.example.com:99999'])
      expect(regex.test(bad), bad).toBe(false)
    expect(() =>
      toApp(
        keyApp({
          fields: [{ name: 'apiKey', displayName: 'Key', secret: true, allowPort: true }],
        }),
      ),
    ).toThrow('allowPort: only a "host" format field takes a port')
  })

  it('lets a pattern narrow a host format, never widen it', () => {
    const app = toApp(
      keyApp({
        fields: [
          {
            name: 'host',
            displayName: 'Host',
            secret: false,
            format: 'host',
            pattern: '[0-9a-z.]+',
          },
          { name: 'apiKey', displayName: 'Key', secret: true },
        ],
      }),
    )
    expect(app.fields[0]!.regex!.test('a.example.com')).toBe(true)
    expect(app.fields[0]!.regex!.test('127.0.0.1')).toBe(false)
  })

  it('refuses a URL whose whole host is a typed field without a host format, or not inserted raw', () => {
    const fields = [
      { name: 'host', displayName: 'Host', secret: false, pattern: '[a-z0-9.:-]+' },
      { name: 'apiKey', displayName: 'Key', secret: true },
    ]
    const check = (url: string, host: object = {}) =>
      toApp(
        keyApp({
          fields: [{ ...fields[0]!, ...host }, fields[1]!],
          verification: { method: 'GET', url },
        }),
      )
    expect(() => check('https://{host}/api')).toThrow(
      'field /auth/verification/url: the host is the typed field "host"',
    )
    expect(() => check('https://{host}/api', { format: 'host', pattern: undefined })).toThrow(
      /write \{host:raw\}/,
    )
    expect(() => check('https://{host:raw}/api', { format: 'host' })).not.toThrow()
    expect(() => check('https://{host}.example.com/api')).not.toThrow() // a label under a fixed domain
    expect(() => check('https://{host}/api', { options: ['a.example.com'] })).not.toThrow()
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

describe('the api recipe', () => {
  const withApi = (file: AppFile, api: unknown): AppFile => ({ ...file, api }) as AppFile
  it('checks its placeholders like a verification, with the access token for OAuth apps', () => {
    const app = toApp(
      withApi(oauthApp({ tokenResponseMetadata: ['instance_url'] }), {
        baseURL: '{instance_url:raw}/services/data',
        hosts: ['*.my.salesforce.com'],
      }),
    )
    expect(app.api?.baseURL).toBe('{instance_url:raw}/services/data')
    expect(() =>
      toApp(
        withApi(keyApp({}), {
          baseURL: 'https://api.acme.example',
          headers: { Authorization: 'Bearer {apiKy}' },
        }),
      ),
    ).toThrow('field /api/headers/Authorization: placeholder {apiKy}')
    expect(() =>
      toApp(withApi(keyApp({}), { baseURL: 'https://x.example', query: { k: '{accessToken}' } })),
    ).toThrow('field /api/query/k')
  })
  it('requires hosts when the base URL host comes from a value other than a typed host field', () => {
    expect(() =>
      toApp(
        withApi(oauthApp({ tokenResponseMetadata: ['instance_url'] }), {
          baseURL: '{instance_url:raw}/services/data',
        }),
      ),
    ).toThrow('field /api/hosts')
    const shop = [{ name: 'shop', displayName: 'Shop', secret: false }]
    expect(() =>
      toApp(withApi(oauthApp({ fields: shop }), { baseURL: 'https://{shop}.myshopify.com/admin' })),
    ).toThrow('field /api/hosts')
    const server = [{ name: 'server', displayName: 'Server', secret: false, format: 'url' }]
    const selfHosted = toApp(
      withApi(keyApp({ fields: [...server, { name: 'token', displayName: 'T', secret: true }] }), {
        baseURL: '{server:raw}/api/v4',
        headers: { 'PRIVATE-TOKEN': '{token}' },
      }),
    )
    expect(selfHosted.api?.hosts).toBeUndefined()
  })
  it('refuses a plain-http base URL off loopback and hosts that exclude the base URL', () => {
    expect(() => toApp(withApi(keyApp({}), { baseURL: 'http://api.acme.example' }))).toThrow(
      'field /api/baseURL',
    )
    expect(() =>
      toApp(withApi(keyApp({}), { baseURL: 'https://api.acme.example', hosts: ['acme.example'] })),
    ).toThrow('field /api/hosts')
    expect(toApp(withApi(keyApp({}), { baseURL: 'http://127.0.0.1:8080/api' })).api).not.toBeNull()
  })
  it('says why an app cannot be proxied', () => {
    const app = toApp(withApi(keyApp({}), { unproxyable: 'Every request is signed.' }))
    expect(app.api).toBeNull()
    expect(app.unproxyable).toBe('Every request is signed.')
  })
})

describe('hostMatches', () => {
  it('matches exact hosts and exactly one label under a wildcard', () => {
    expect(hostMatches(['api.stripe.com'], 'API.stripe.com.')).toBe(true)
    expect(hostMatches(['*.myshopify.com'], 'shop.myshopify.com')).toBe(true)
    expect(hostMatches(['*.myshopify.com'], 'myshopify.com')).toBe(false)
    expect(hostMatches(['*.myshopify.com'], 'a.b.myshopify.com')).toBe(false)
    expect(hostMatches(['*.myshopify.com'], 'evilmyshopify.com')).toBe(false)
    expect(hostMatches(['api.stripe.com'], 'api.stripe.com.evil.example')).toBe(false)
  })

  it('matches a wildcard label inside a host (AWS regional endpoints) and nothing wider', () => {
    const ses = ['email.*.amazonaws.com']
    expect(hostMatches(ses, 'email.eu-west-1.amazonaws.com')).toBe(true)
    expect(hostMatches(ses, 'email.amazonaws.com')).toBe(false)
    expect(hostMatches(ses, 'email.a.b.amazonaws.com')).toBe(false)
    expect(hostMatches(ses, 'email..amazonaws.com')).toBe(false)
    expect(hostMatches(ses, 'sqs.eu-west-1.amazonaws.com')).toBe(false)
    expect(hostMatches(ses, 'email.eu-west-1.amazonaws.com.evil.example')).toBe(false)
  })
})
