import { randomBytes } from 'node:crypto'
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

export const KEY_FILE_NAME = 'encryption-keys'

/**
 * Used only when KEYPORT_ENCRYPTION_KEYS is unset: reads the generated key file, or creates one (mode 0600)
 * on the very first start. `created` tells the caller to warn loudly.
 */
export function loadOrCreateKeyFile(dataDir: string): {
  spec: string
  path: string
  created: boolean
} {
  const path = join(dataDir, KEY_FILE_NAME)
  if (existsSync(path)) return { spec: readFileSync(path, 'utf8').trim(), path, created: false }
  mkdirSync(dataDir, { recursive: true, mode: 0o700 })
  const kid = `k${new Date().toISOString().slice(0, 10).replaceAll('-', '')}`
  const spec = `${kid}:${randomBytes(32).toString('base64')}`
  writeFileSync(path, spec + '\n', { mode: 0o600, flag: 'wx' })
  chmodSync(path, 0o600)
  return { spec, path, created: true }
}
