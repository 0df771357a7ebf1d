import { describe, expect, it } from 'vitest'
import { ConfigError, readConfig } from './config.js'

describe('readConfig', () => {
  it('defaults to SQLite under ./data on port 3000', () => {
    const config = readConfig({})
    expect(config.database).toMatchObject({ kind: 'sqlite' })
    expect(config.database.kind === 'sqlite' && config.database.file).toMatch(/data\/keyport\.db$/)
    expect(config).toMatchObject({
      port: 3000,
      host: '127.0.0.1',
      publicURL: 'http://localhost:3000',
      encryptionKeys: null,
      rateLimit: 1000,
      connectRateLimit: 20,
    })
    expect(Object.isFrozen(config)).toBe(true)
  })

  it('reads PostgreSQL, lists and the public URL', () => {
    const config = readConfig({
      KEYPORT_DATABASE_URL: 'postgres://u@db/keyport',
      KEYPORT_PUBLIC_URL: 'https://keys.example.com/',
      KEYPORT_CATALOG_DIRS: '/a, /b',
      KEYPORT_WEBHOOK_ALLOWED_HOSTS: '127.0.0.1,receiver.local',
    })
    expect(config.database).toEqual({
      kind: 'postgres',
      url: 'postgres://u@db/keyport',
      poolSize: 10,
    })
    expect(config.publicURL).toBe('https://keys.example.com')
    expect(config.catalogDirs).toEqual(['/a', '/b'])
    expect(config.webhookAllowedHosts).toEqual(['127.0.0.1', 'receiver.local'])
    expect(config.trustedPrivateHosts).toEqual([])
  })

  it('reads the trusted private hosts apart from the webhook allow-list, and refuses a bad entry', () => {
    const config = readConfig({ KEYPORT_TRUSTED_PRIVATE_HOSTS: 'gitlab.corp, 10.0.0.0/8' })
    expect(config.trustedPrivateHosts).toEqual(['gitlab.corp', '10.0.0.0/8'])
    expect(config.webhookAllowedHosts).toEqual([])
    expect(() => readConfig({ KEYPORT_TRUSTED_PRIVATE_HOSTS: '10.0.0.0/40' })).toThrow(
      /KEYPORT_TRUSTED_PRIVATE_HOSTS: .*CIDR/,
    )
    expect(() => readConfig({ KEYPORT_WEBHOOK_ALLOWED_HOSTS: 'http://x/' })).toThrow(
      /KEYPORT_WEBHOOK_ALLOWED_HOSTS/,
    )
  })

  it('reads the rate limits, 0 turning one off', () => {
    const config = readConfig({ KEYPORT_RATE_LIMIT: '0', KEYPORT_CONNECT_RATE_LIMIT: '5' })
    expect(config).toMatchObject({ rateLimit: 0, connectRateLimit: 5 })
  })

  it('reads the proxy limits, with defaults', () => {
    expect(readConfig({}).proxy).toEqual({
      maxBodyBytes: 10 * 1024 * 1024,
      timeoutMs: 60_000,
      maxConcurrentPerCredential: 20,
      openedCacheEntries: 1000,
    })
    const config = readConfig({
      KEYPORT_PROXY_MAX_BODY_BYTES: '1024',
      KEYPORT_PROXY_TIMEOUT_MS: '5000',
      KEYPORT_PROXY_MAX_CONCURRENT_PER_CREDENTIAL: '4',
      KEYPORT_PROXY_OPENED_CACHE: '0',
    })
    expect(config.proxy).toEqual({
      maxBodyBytes: 1024,
      timeoutMs: 5000,
      maxConcurrentPerCredential: 4,
      openedCacheEntries: 0,
    })
  })

  it.each([
    ['KEYPORT_PROXY_TIMEOUT_MS', '10'],
    ['KEYPORT_PROXY_MAX_CONCURRENT_PER_CREDENTIAL', '0'],
    ['KEYPORT_PROXY_MAX_BODY_BYTES', 'big'],
    ['KEYPORT_PROXY_OPENED_CACHE', '-1'],
    ['KEYPORT_PORT', 'abc'],
    ['KEYPORT_PORT', '70000'],
    ['KEYPORT_DATABASE_URL', 'mysql://x'],
    ['KEYPORT_PUBLIC_URL', 'not a url'],
    ['KEYPORT_PUBLIC_URL', 'ftp://x'],
    ['KEYPORT_LOG_LEVEL', 'loud'],
    ['KEYPORT_REDIS_URL', 'http://x'],
    ['KEYPORT_DATABASE_POOL_SIZE', '0'],
    ['KEYPORT_RATE_LIMIT', '-1'],
    ['KEYPORT_RATE_LIMIT', '1.5'],
    ['KEYPORT_CONNECT_RATE_LIMIT', 'lots'],
  ])('stops on a bad %s naming the variable', (name, value) => {
    const env = {
      [name]: value,
      ...(name === 'KEYPORT_DATABASE_POOL_SIZE' ? { KEYPORT_DATABASE_URL: 'postgres://x/y' } : {}),
    }
    expect(() => readConfig(env)).toThrow(ConfigError)
    expect(() => readConfig(env)).toThrow(new RegExp(`^${name}:`))
  })
})
