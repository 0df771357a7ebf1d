import { describe, expect, it } from 'vitest'
import { AppError } from '../errors.js'
import { joinTarget, proxyPath } from './path.js'

const refused = (path: string) => {
  try {
    proxyPath(path)
  } catch (error) {
    return error instanceof AppError && error.code === 'invalid_proxy_path'
  }
  return false
}

describe('proxyPath', () => {
  it.each([
    'v1/customers',
    'v1/customers/',
    'a/b%20c',
    'projects/group%2Fproject',
    'x:batchGet',
    '',
    'a/..b/c.',
    '...',
  ])('keeps %s', (path) => expect(proxyPath(path)).toBe(path))

  it('encodes @ so nothing reads it as credentials of an authority', () => {
    expect(proxyPath('users/a@b.example')).toBe('users/a%40b.example')
  })

  it.each([
    '..',
    '.',
    'a/..',
    'a/./b',
    '%2e%2e',
    '%2E%2e/x',
    '.%2E',
    '%252e%252e',
    '%25252e%25252e',
    'a%2f..%2fb',
    'a%5c..',
    'a\\b',
    '%5c',
    'a//b',
    '/x',
    'https://evil.example',
    'mailto:x',
    'a#b',
    'a b',
    'a%00',
    'a%0a',
    'a%',
    '%g0',
  ])('refuses %s', (path) => expect(refused(path)).toBe(true))
})

describe('joinTarget', () => {
  it('appends under the base path and keeps the query as sent', () => {
    const url = joinTarget(new URL('https://api.example.com/v2/'), 'items/1', 'a=%2F&b')
    expect(url.href).toBe('https://api.example.com/v2/items/1?a=%2F&b')
  })

  it('refuses what would resolve above the base path, as a second line of defence', () => {
    expect(() => joinTarget(new URL('https://api.example.com/v2'), '../admin', '')).toThrow(
      AppError,
    )
  })
})
