// The only reader of process.env. Every KEYPORT_* setting is parsed and checked here, once;
// a bad value throws a ConfigError naming the variable, and main.ts stops the process with it.
import { isAbsolute, resolve } from 'node:path'
import { parseTrusted } from './net/index.js'

export type DatabaseConfig =
  { kind: 'sqlite'; file: string } | { kind: 'postgres'; url: string; poolSize: number }

export interface Config {
  database: DatabaseConfig
  /** Raw `kid:base64,…`, or null: the key file under dataDir is used (and created on first start). */
  encryptionKeys: string | null
  dataDir: string
  port: number
  host: string
  publicURL: string
  catalogDirs: string[]
  /** KEYPORT_WEBHOOK_ALLOWED_HOSTS: private hosts/CIDRs webhook URLs may reach (webhooks only). */
  webhookAllowedHosts: string[]
  /** KEYPORT_TRUSTED_PRIVATE_HOSTS: private hosts/CIDRs providers may be on (verification, OAuth, the proxy). */
  trustedPrivateHosts: string[]
  redisURL: string | null
  /** KEYPORT_RATE_LIMIT: requests per second per workspace on /v1; 0 turns it off. */
  rateLimit: number
  /** KEYPORT_CONNECT_RATE_LIMIT: requests per second per connect token on the modal's API; 0 turns it off. */
  connectRateLimit: number
  /** KEYPORT_AGENT_RATE_LIMIT: requests per second per agent token on /mcp; 0 turns it off. */
  agentRateLimit: number
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent'
  /** KEYPORT_PROXY_*: limits of ANY /v1/proxy/{credentialId}/{path}. */
  proxy: {
    maxBodyBytes: number
    timeoutMs: number
    maxConcurrentPerCredential: number
    openedCacheEntries: number
  }
  /** KEYPORT_DEMO=on|off: serve /demo. Default on only when KEYPORT_PUBLIC_URL is a loopback address (local dev). */
  demo: boolean
  /** KEYPORT_CONSOLE_IDLE_MINUTES (30) and KEYPORT_CONSOLE_ABSOLUTE_HOURS (12): when a console session ends. */
  console: { idleTimeoutMs: number; absoluteTimeoutMs: number }
  /** KEYPORT_CONSOLE_SIGN_IN_RATE_LIMIT: sign-in attempts per second per client address; 0 turns it off. */
  signInRateLimit: number
}

export class ConfigError extends Error {
  override name = 'ConfigError'
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const

export function readConfig(env: NodeJS.ProcessEnv = process.env): Readonly<Config> {
  const port = integer(env, 'KEYPORT_PORT', 3000, { min: 0, max: 65535 })
  const dataDir = resolve(env.KEYPORT_DATA_DIR || './data')
  const config: Config = {
    database: database(env, dataDir),
    encryptionKeys: env.KEYPORT_ENCRYPTION_KEYS?.trim() || null,
    dataDir,
    port,
    host: env.KEYPORT_HOST || '127.0.0.1',
    publicURL: publicURL(env, port),
    catalogDirs: list(env.KEYPORT_CATALOG_DIRS).map((dir) => resolve(dir)),
    webhookAllowedHosts: hostList(env, 'KEYPORT_WEBHOOK_ALLOWED_HOSTS'),
    trustedPrivateHosts: hostList(env, 'KEYPORT_TRUSTED_PRIVATE_HOSTS'),
    redisURL: optionalURL(env, 'KEYPORT_REDIS_URL', ['redis:', 'rediss:']),
    rateLimit: integer(env, 'KEYPORT_RATE_LIMIT', 1000, { min: 0, max: 10_000_000 }),
    connectRateLimit: integer(env, 'KEYPORT_CONNECT_RATE_LIMIT', 20, { min: 0, max: 10_000_000 }),
    agentRateLimit: integer(env, 'KEYPORT_AGENT_RATE_LIMIT', 10, { min: 0, max: 10_000_000 }),
    logLevel: oneOf(env, 'KEYPORT_LOG_LEVEL', LOG_LEVELS, 'info'),
    demo: demoEnabled(env, publicURL(env, port)),
    console: {
      idleTimeoutMs:
        integer(env, 'KEYPORT_CONSOLE_IDLE_MINUTES', 30, { min: 1, max: 1440 }) * 60_000,
      absoluteTimeoutMs:
        integer(env, 'KEYPORT_CONSOLE_ABSOLUTE_HOURS', 12, { min: 1, max: 720 }) * 3_600_000,
    },
    signInRateLimit: integer(env, 'KEYPORT_CONSOLE_SIGN_IN_RATE_LIMIT', 2, { min: 0, max: 10_000 }),
    proxy: {
      maxBodyBytes: integer(env, 'KEYPORT_PROXY_MAX_BODY_BYTES', 10 * 1024 * 1024, {
        min: 0,
        max: 2 ** 40,
      }),
      timeoutMs: integer(env, 'KEYPORT_PROXY_TIMEOUT_MS', 60_000, { min: 100, max: 3_600_000 }),
      maxConcurrentPerCredential: integer(env, 'KEYPORT_PROXY_MAX_CONCURRENT_PER_CREDENTIAL', 20, {
        min: 1,
        max: 100_000,
      }),
      openedCacheEntries: integer(env, 'KEYPORT_PROXY_OPENED_CACHE', 1000, {
        min: 0,
        max: 1_000_000,
      }),
    },
  }
  return Object.freeze(config)
}

function database(env: NodeJS.ProcessEnv, dataDir: string): DatabaseConfig {
  const url = env.KEYPORT_DATABASE_URL || `sqlite:${resolve(dataDir, 'keyport.db')}`
  if (url.startsWith('sqlite:')) {
    const file = url.slice('sqlite:'.length).replace(/^\/\/(?=\/)/, '')
    if (!file)
      throw new ConfigError(
        'KEYPORT_DATABASE_URL: sqlite: needs a file path, e.g. sqlite:./data/keyport.db',
      )
    return { kind: 'sqlite', file: file === ':memory:' || isAbsolute(file) ? file : resolve(file) }
  }
  if (/^postgres(ql)?:\/\//.test(url)) {
    try {
      new URL(url)
    } catch {
      throw new ConfigError('KEYPORT_DATABASE_URL: not a valid postgres:// URL')
    }
    return {
      kind: 'postgres',
      url,
      poolSize: integer(env, 'KEYPORT_DATABASE_POOL_SIZE', 10, { min: 1, max: 200 }),
    }
  }
  throw new ConfigError('KEYPORT_DATABASE_URL: must start with sqlite: or postgres://')
}

/** The demo mints tokens for anyone who can reach it: on by default only for a loopback public URL. */
function demoEnabled(env: NodeJS.ProcessEnv, url: string): boolean {
  const loopback = ['localhost', '127.0.0.1', '[::1]'].includes(new URL(url).hostname)
  return oneOf(env, 'KEYPORT_DEMO', ['on', 'off'] as const, loopback ? 'on' : 'off') === 'on'
}

function publicURL(env: NodeJS.ProcessEnv, port: number): string {
  const raw = env.KEYPORT_PUBLIC_URL || `http://localhost:${port}`
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    throw new ConfigError(`KEYPORT_PUBLIC_URL: "${raw}" is not a URL`)
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new ConfigError('KEYPORT_PUBLIC_URL: must be http:// or https://')
  }
  if (url.search || url.hash)
    throw new ConfigError('KEYPORT_PUBLIC_URL: must not have a query or fragment')
  return url.toString().replace(/\/$/, '')
}

function integer(
  env: NodeJS.ProcessEnv,
  name: string,
  fallback: number,
  range: { min: number; max: number },
): number {
  const raw = env[name]
  if (raw === undefined || raw === '') return fallback
  const value = Number(raw)
  if (!Number.isInteger(value) || value < range.min || value > range.max) {
    throw new ConfigError(
      `${name}: "${raw}" must be a whole number from ${range.min} to ${range.max}`,
    )
  }
  return value
}

function oneOf<T extends string>(
  env: NodeJS.ProcessEnv,
  name: string,
  allowed: readonly T[],
  fallback: T,
): T {
  const raw = env[name]
  if (raw === undefined || raw === '') return fallback
  if (!(allowed as readonly string[]).includes(raw)) {
    throw new ConfigError(`${name}: "${raw}" must be one of ${allowed.join(', ')}`)
  }
  return raw as T
}

function optionalURL(env: NodeJS.ProcessEnv, name: string, protocols: string[]): string | null {
  const raw = env[name]
  if (!raw) return null
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    throw new ConfigError(`${name}: not a valid URL`)
  }
  if (!protocols.includes(url.protocol))
    throw new ConfigError(`${name}: must start with ${protocols.join(' or ')}//`)
  return raw
}

/** Host names, addresses and CIDRs, each checked now so a typo stops the boot instead of refusing at send time. */
function hostList(env: NodeJS.ProcessEnv, name: string): string[] {
  const entries = list(env[name])
  try {
    parseTrusted(entries)
  } catch (error) {
    throw new ConfigError(`${name}: ${(error as Error).message}`)
  }
  return entries
}

function list(raw: string | undefined): string[] {
  return (raw ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
}
