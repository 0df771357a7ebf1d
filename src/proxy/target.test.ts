import { describe, expect, it } from 'vitest'
import type { ApiRecipe, App } from '../catalog/index.js'
import { AppError } from '../errors.js'
import { buildInjection, templateValues, withInjectedQuery } from './target.js'

const app = (isOAuth = false) => ({ name: 'Test', isOAuth }) as App

describe('buildInjection', () => {
  it('fills headers, Basic and query, defaulting OAuth apps to a Bearer header', () => {
    const api: ApiRecipe = {
      baseURL: 'https://{shop}.example.com/admin',
      hosts: ['*.example.com'],
      query: { key: '{apiKey}' },
      basic: { username: '{apiKey}', password: 'x' },
    }
    const injection = buildInjection(api, app(), { shop: 'acme', apiKey: 'k1' })
    expect(injection.base.href).toBe('https://acme.example.com/admin')
    expect(injection.headers).toEqual({
      authorization: `Basic ${Buffer.from('k1:x').toString('base64')}`,
    })
    expect(injection.query).toEqual([['key', 'k1']])
    const oauth = buildInjection({ baseURL: 'https://api.example.com' }, app(true), {
      accessToken: 't',
    })
    expect(oauth.headers).toEqual({ authorization: 'Bearer t' })
  })

  it.each([
    ['a value that changes the host', { shop: 'evil.com/x?' }],
    ['a host outside the list', { instance: 'https://evil.example.org' }],
  ])('refuses %s', (_, values) => {
    const api: ApiRecipe = {
      baseURL: 'shop' in values ? 'https://{shop}.example.com' : '{instance:raw}/api',
      hosts: ['*.example.com'],
    }
    const error = (() => {
      try {
        buildInjection(api, app(), values as Record<string, string>)
      } catch (e) {
        return e
      }
    })()
    expect(error).toBeInstanceOf(AppError)
  })

  it('refuses a stored value that would split a header', () => {
    expect(() =>
      buildInjection(
        { baseURL: 'https://api.example.com', headers: { 'X-Key': '{apiKey}' } },
        app(),
        {
          apiKey: 'a\r\nHost: evil',
        },
      ),
    ).toThrow(AppError)
  })
})

describe('templateValues', () => {
  it('gives OAuth templates metadata, connection fields and the access token', () => {
    const values = templateValues(
      {
        kind: 'oauth2',
        accessToken: 'at',
        tokenType: 'Bearer',
        refreshToken: 'rt',
        scope: null,
        idToken: null,
        connection: { shop: 'acme' },
      },
      { instance_url: 'https://x.example.com', 'team.id': 7, nested: { no: 1 } },
    )
    expect(values).toEqual({
      instance_url: 'https://x.example.com',
      'team.id': '7',
      shop: 'acme',
      accessToken: 'at',
    })
    expect(values).not.toHaveProperty('refreshToken')
  })
})

describe('withInjectedQuery', () => {
  it('returns the query unchanged when nothing is injected', () => {
    expect(withInjectedQuery('b=2&a=%2F&a=3', [])).toBe('b=2&a=%2F&a=3')
  })
  it('removes the caller’s parameter of an injected name, however encoded, and appends Keyport’s', () => {
    expect(withInjectedQuery('api%5Fkey=x&api_key=y&z=1', [['api_key', 'k&1']])).toBe(
      'z=1&api_key=k%261',
    )
  })
})
