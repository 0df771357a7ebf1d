// The keyport command as an operator uses it: first start, workspaces and keys, refusing bad keys, rotation while
// a server keeps serving.
import { randomBytes } from 'node:crypto'
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { hashSecret } from '../src/crypto/index.js'
import { VERSION } from '../src/version.js'
import { TEST_DATABASES } from './support/databases.js'
import { runKeyport, startServer } from './support/process.js'

const key = (kid: string) => `${kid}:${randomBytes(32).toString('base64')}`

describe('first start on an empty data directory (SQLite)', { timeout: 180_000 }, () => {
  it('creates the key file (0600) and a default workspace, writes its key once to a 0600 file (not to the log), and the key works', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'keyport-cli-'))
    const first = await startServer({ KEYPORT_DATA_DIR: dataDir })
    const keyFile = join(dataDir, 'first-api-key')
    const apiKey = readFileSync(keyFile, 'utf8').match(/^(kp_[A-Za-z0-9_-]{43})$/m)?.[1]
    expect(apiKey).toBeTruthy()
    expect(statSync(keyFile).mode & 0o777).toBe(0o600)
    // stdout and stderr are pipes here, not a terminal: the log names the file and never holds the key
    expect(first.output()).toContain(keyFile)
    expect(first.output()).not.toContain(apiKey)
    expect(first.output()).toMatch(/generated a new encryption key/)
    expect(statSync(join(dataDir, 'encryption-keys')).mode & 0o777).toBe(0o600)
    const apps = await fetch(`${first.url}/v1/apps?search=stripe`, {
      headers: { authorization: `Bearer ${apiKey}` },
    })
    expect(apps.status).toBe(200)
    expect(await first.stop()).toBe(0)

    rmSync(keyFile)
    const second = await startServer({ KEYPORT_DATA_DIR: dataDir })
    expect(second.output()).not.toMatch(/kp_[A-Za-z0-9_-]{43}/)
    expect(second.output()).not.toContain(keyFile)
    expect(second.output()).not.toMatch(/generated a new encryption key/)
    expect(existsSync(keyFile)).toBe(false)
    await second.stop()
  })

  it('prints its version without a database or settings', async () => {
    const run = await runKeyport(['version'], { KEYPORT_PORT: 'eighty' })
    expect(run.code).toBe(0)
    expect(run.stdout.trim()).toBe(`keyport ${VERSION}`)
    expect(VERSION).toMatch(/^\d+\.\d+\.\d+/)
  })

  it('stops with a message naming the variable when a setting is bad', async () => {
    const run = await runKeyport(['serve'], { KEYPORT_PORT: 'eighty' })
    expect(run.code).toBe(1)
    expect(run.stderr).toMatch(/KEYPORT_PORT: "eighty" must be a whole number/)
  })
})

describe.each(TEST_DATABASES)('operator commands on $name', { timeout: 120_000 }, (database) => {
  let env: Record<string, string>
  let drop: () => Promise<void>
  const oldKey = key('old')

  beforeAll(async () => {
    const created = await database.create()
    drop = created.drop
    const url =
      created.config.kind === 'sqlite' ? `sqlite:${created.config.file}` : created.config.url
    env = {
      KEYPORT_DATABASE_URL: url,
      KEYPORT_ENCRYPTION_KEYS: oldKey,
      KEYPORT_DATA_DIR: mkdtempSync(join(tmpdir(), 'kp-')),
    }
  })
  afterAll(async () => drop?.())

  it('creates workspaces and API keys, and revokes keys', async () => {
    const created = await runKeyport(['workspace', 'create', 'acme', '--json'], env)
    expect(created.code).toBe(0)
    const { workspaceId, apiKey } = JSON.parse(created.stdout.trim())
    expect(workspaceId).toMatch(/^ws_/)
    expect(apiKey).toMatch(/^kp_[A-Za-z0-9_-]{43}$/)

    const extra = await runKeyport(['apikey', 'create', workspaceId, '--json'], env)
    const second = JSON.parse(extra.stdout.trim()).apiKey

    const server = await startServer(env)
    try {
      const asKey = (k: string) =>
        fetch(`${server.url}/v1/users`, { headers: { authorization: `Bearer ${k}` } })
      expect((await asKey(apiKey)).status).toBe(200)
      expect((await asKey(second)).status).toBe(200)
      const revoked = await runKeyport(['apikey', 'revoke', second.slice(0, 11)], env)
      expect(revoked.code).toBe(0)
      await new Promise((r) => setTimeout(r, 1200)) // the key cache holds answers for one second
      expect((await asKey(second)).status).toBe(401)
      expect((await asKey(apiKey)).status).toBe(200)
    } finally {
      await server.stop()
    }
    expect((await runKeyport(['apikey', 'revoke', 'kp_nothing1'], env)).code).toBe(1)
    expect((await runKeyport(['frobnicate'], env)).code).toBe(2)
  })

  it("lists workspaces, and a workspace's keys by prefix only", { timeout: 240_000 }, async () => {
    const created = await runKeyport(['workspace', 'create', 'acme', '--json'], env)
    expect(created.code, created.stderr).toBe(0)
    const { workspaceId, apiKey } = JSON.parse(created.stdout.trim())
    const second = JSON.parse(
      (await runKeyport(['apikey', 'create', workspaceId, '--json'], env)).stdout.trim(),
    ).apiKey as string
    expect((await runKeyport(['apikey', 'revoke', second.slice(0, 11)], env)).code).toBe(0)
    const workspaces = await runKeyport(['workspace', 'list', '--json'], env)
    expect(workspaces.code).toBe(0)
    expect(JSON.parse(workspaces.stdout)).toContainEqual({
      id: workspaceId,
      name: 'acme',
      createdAt: expect.any(String),
    })
    // Another workspace's keys never show in this one's list.
    const other = await runKeyport(['workspace', 'create', 'other', '--json'], env)
    expect(other.code, other.stderr).toBe(0)
    const otherKey = JSON.parse(other.stdout.trim()).apiKey as string
    const listed = await runKeyport(['apikey', 'list', workspaceId, '--json'], env)
    expect(listed.code).toBe(0)
    expect(JSON.parse(listed.stdout)).toEqual([
      {
        prefix: apiKey.slice(0, 11),
        createdAt: expect.any(String),
        revokedAt: null,
        lastUsedAt: null,
      },
      {
        prefix: second.slice(0, 11),
        createdAt: expect.any(String),
        revokedAt: expect.any(String),
        lastUsedAt: null,
      },
    ])
    const table = await runKeyport(['apikey', 'list', workspaceId], env)
    expect(table.stdout).toMatch(
      new RegExp(`^${second.slice(0, 11)}\\tcreated \\S+\\trevoked `, 'm'),
    )
    for (const run of [listed, table]) {
      for (const secret of [apiKey, second, otherKey]) {
        expect(run.stdout + run.stderr).not.toContain(secret)
        expect(run.stdout + run.stderr).not.toContain(hashSecret(secret))
      }
      expect(run.stdout).not.toContain(otherKey.slice(0, 11))
    }
    const missing = await runKeyport(['apikey', 'list', 'ws_nope'], env)
    expect(missing.code).toBe(1)
    expect(missing.stderr).toContain('No workspace ws_nope.')
  })

  it(
    'creates a console user and prints a one-time sign-in link, then a new one',
    { timeout: 300_000 },
    async () => {
      const { workspaceId } = JSON.parse(
        (await runKeyport(['workspace', 'create', 'consoled', '--json'], env)).stdout.trim(),
      )
      const created = await runKeyport(
        ['console-user', 'create', workspaceId, 'Ops@Example.com', '--role', 'support'],
        { ...env, KEYPORT_PUBLIC_URL: 'https://keyport.example' },
      )
      expect(created.code, created.stderr).toBe(0)
      expect(created.stdout).toMatch(/Console user cu_[0-9a-z]{26} \(support\)/)
      expect(created.stdout).toMatch(
        /^https:\/\/keyport\.example\/console\/sign-in#token=csl_[A-Za-z0-9_-]{43}$/m,
      )
      const again = await runKeyport(
        ['console-user', 'create', workspaceId, 'ops@example.com'],
        env,
      )
      expect(again.code).toBe(1)
      expect(again.stderr).toContain('ops@example.com is already a console user.')
      const link = await runKeyport(
        ['console-user', 'link', workspaceId, 'ops@example.com', '--json'],
        env,
      )
      expect(link.code, link.stderr).toBe(0)
      expect(JSON.parse(link.stdout)).toEqual({
        signInUrl: expect.stringMatching(/\/console\/sign-in#token=csl_/),
        expiresAt: expect.any(String),
      })
      // The link token is printed to stdout only, never to the log on stderr
      const token = JSON.parse(link.stdout).signInUrl.split('#token=')[1]
      expect(link.stderr).not.toContain(token)
    },
  )

  it('refuses to start without the key that sealed stored values, or with a different key under its id', async () => {
    const { apiKey } = JSON.parse(
      (await runKeyport(['workspace', 'create', 'sealer', '--json'], env)).stdout.trim(),
    )
    const server = await startServer(env)
    const headers = { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' }
    await fetch(`${server.url}/v1/apps/shopify/oauth-client`, {
      method: 'PUT',
      headers,
      body: JSON.stringify({ clientId: 'a', clientSecret: 'b' }),
    })
    await server.stop()

    const missing = await runKeyport(['serve'], { ...env, KEYPORT_ENCRYPTION_KEYS: key('new') })
    expect(missing.code).toBe(1)
    expect(missing.stderr).toMatch(/cannot start: .*sealed under encryption key "old"/)
    const changed = await runKeyport(['serve'], { ...env, KEYPORT_ENCRYPTION_KEYS: key('old') })
    expect(changed.code).toBe(1)
    expect(changed.stderr).toMatch(/"old" is not the key that sealed/)
  })

  it(
    'rotates keys while a server keeps serving reads and writes',
    { timeout: 120_000 },
    async () => {
      const { apiKey } = JSON.parse(
        (await runKeyport(['workspace', 'create', 'rotating', '--json'], env)).stdout.trim(),
      )
      const newKey = key('new')
      const bothEnv = { ...env, KEYPORT_ENCRYPTION_KEYS: `${newKey},${oldKey}` }
      // Values sealed under the old key first.
      let server = await startServer(env)
      const headers = { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' }
      const post = (path: string, body: unknown) =>
        fetch(`${server.url}${path}`, { method: 'POST', headers, body: JSON.stringify(body) }).then(
          (r) => r.json(),
        )
      const { userId } = await post('/v1/users', { username: 'rotating-user' })
      const ids: string[] = []
      for (let i = 0; i < 20; i++) {
        ids.push(
          (
            await post('/v1/credentials', {
              userId,
              app: 'stripe',
              data: { apiKey: `sk_test_rot${String(i).padStart(8, '0')}` },
              skipVerification: true,
            })
          ).credentialId,
        )
      }
      await server.stop()

      server = await startServer(bothEnv)
      let reading = true
      let reads = 0
      const failures: string[] = []
      const reader = (async () => {
        while (reading) {
          for (const id of ids) {
            const response = await fetch(`${server.url}/v1/credentials/${id}/secret`, { headers })
            reads++
            if (response.status !== 200)
              failures.push(`${response.status} ${await response.text()}`)
          }
          const created = await post('/v1/credentials', {
            userId,
            app: 'stripe',
            data: { apiKey: 'sk_test_duringrotation00' },
            skipVerification: true,
          })
          if (created.credentialId) ids.push(created.credentialId)
          else failures.push(`create: ${JSON.stringify(created)}`)
        }
      })()
      const rotated = await runKeyport(['keys', 'rotate'], bothEnv)
      reading = false
      await reader
      expect(rotated.code, rotated.stderr).toBe(0)
      expect(rotated.stdout).toMatch(/Done: \d+ values rewrapped/)
      expect(reads).toBeGreaterThan(0)
      expect(failures).toEqual([])
      await server.stop()

      // Only the new key now: every value, old and written during rotation, still opens.
      server = await startServer({ ...env, KEYPORT_ENCRYPTION_KEYS: newKey })
      for (const id of ids) {
        const response = await fetch(`${server.url}/v1/credentials/${id}/secret`, { headers })
        expect(response.status).toBe(200)
      }
      await server.stop()
    },
  )
})
