// Seeds a benchmark database with realistic data: users with a spread of credentials over many catalog apps,
// every secret a real seal (the server opens them on every read). Bulk inserts keep this fast: PostgreSQL gets
// one INSERT … SELECT FROM unnest(arrays) per 5,000 rows, SQLite one prepared statement in large transactions.
// A database already seeded at the same size is reused (a new API key is minted for the run).
import { randomBytes } from 'node:crypto'
import SQLite from 'better-sqlite3'
import { sql } from 'kysely'
import pg from 'pg'
import { BUILTIN_CATALOG_DIR, loadCatalog, type App } from '../src/catalog/index.js'
import { sealJSON, type Keyring } from '../src/crypto/index.js'
import { newId } from '../src/ids.js'
import { credentialSecretContext, type CredentialSecret } from '../src/credentials/secret.js'
import type { DatabaseConfig } from '../src/config.js'
import { createApiKey, createWorkspace } from '../src/workspaces/index.js'
import type { Store } from '../src/store/index.js'

export interface SeedSize {
  users: number
  credentials: number
}

export interface Seeded {
  workspaceId: string
  apiKey: string
  reused: boolean
  seedSeconds: number
  /** Samples the load process picks from at random. */
  apiKeyCredentialIds: string[]
  oauthCredentialIds: string[]
  userIds: string[]
}

const COLUMNS = [
  'id',
  'workspace_id',
  'user_id',
  'app',
  'name',
  'type',
  'status',
  'secret_sealed',
  'metadata',
  'expires_at',
  'refresh_expires_at',
  'version',
  'created_at',
  'updated_at',
  'last_used_at',
  'next_check_at',
  'failure_count',
  'expired_reason',
  'expired_at',
] as const
type Row = (string | number | null)[]

const OAUTH_SHARE = 0.3
const EXPIRED_SHARE = 0.01
const SAMPLE = 20_000
const DAY = 86_400_000

export async function seed(
  store: Store,
  database: DatabaseConfig,
  keyring: Keyring,
  size: SeedSize,
  log: (line: string) => void,
): Promise<Seeded> {
  const started = performance.now()
  const workspaceName = `bench-${size.users}-${size.credentials}-v2`
  const existing = await store.db
    .selectFrom('workspace')
    .select(['id', 'createdAt'])
    .where('name', '=', workspaceName)
    .executeTakeFirst()
  if (existing && Date.now() - Date.parse(existing.createdAt) > 25 * DAY) {
    throw new Error(
      'the seeded bench data is over 25 days old: tokens and checks would start coming due; run with --fresh',
    )
  }
  let workspaceId: string
  let apiKey: string
  let reused = false
  if (existing) {
    workspaceId = existing.id
    apiKey = (await createApiKey(store.db, workspaceId))!.apiKey
    reused = true
    log(`reusing seeded workspace ${workspaceName}`)
  } else {
    const created = await createWorkspace(store.db, workspaceName)
    workspaceId = created.workspaceId
    apiKey = created.apiKey
    const writer =
      database.kind === 'sqlite' ? sqliteWriter(database.file) : await postgresWriter(database.url)
    try {
      await seedRows(writer, keyring, workspaceId, size, log)
    } finally {
      await writer.close()
    }
  }
  const seedSeconds = (performance.now() - started) / 1000
  const samples = await sampleIds(store, workspaceId)
  return { workspaceId, apiKey, reused, seedSeconds, ...samples }
}

interface Writer {
  insert(table: 'end_user' | 'credential', columns: readonly string[], rows: Row[]): Promise<void>
  close(): Promise<void>
}

async function seedRows(
  writer: Writer,
  keyring: Keyring,
  workspaceId: string,
  size: SeedSize,
  log: (line: string) => void,
) {
  const apps = [...loadCatalog([BUILTIN_CATALOG_DIR]).values()]
  const keyApps = apps.filter((app) => !app.isOAuth)
  const oauthApps = apps.filter((app) => app.isOAuth)
  const now = Date.now()
  const iso = (ms: number) => new Date(ms).toISOString()

  const userIds: string[] = []
  let users: Row[] = []
  for (let i = 0; i < size.users; i++) {
    const created = now - Math.floor(Math.random() * 365 * DAY)
    const id = newId('usr', created)
    userIds.push(id)
    users.push([
      id,
      workspaceId,
      `user-${i}`,
      `user-${i}@example.test`,
      `User ${i}`,
      iso(created),
      iso(created),
    ])
    if (users.length === 5000) {
      await writer.insert(
        'end_user',
        ['id', 'workspace_id', 'username', 'email', 'full_name', 'created_at', 'updated_at'],
        users,
      )
      users = []
    }
  }
  if (users.length)
    await writer.insert(
      'end_user',
      ['id', 'workspace_id', 'username', 'email', 'full_name', 'created_at', 'updated_at'],
      users,
    )
  log(`  ${size.users} users`)

  // Sealing is CPU work in this process; inserting is mostly the database's. Overlap them: seal batch n+1 while
  // batch n is being written.
  let pending: Promise<void> = Promise.resolve()
  let batch: Row[] = []
  for (let i = 0; i < size.credentials; i++) {
    const userId = userIds[Math.floor(Math.random() * userIds.length)]!
    const oauth = Math.random() < OAUTH_SHARE
    const app = oauth ? pick(oauthApps) : pick(keyApps)
    const created = now - Math.floor(Math.random() * 180 * DAY)
    const id = newId('cred', created)
    const expired = Math.random() < EXPIRED_SHARE
    const secret = oauth ? oauthSecret() : fieldsSecret(app)
    // OAuth access tokens valid for 30 to 90 days, and health checks due in 30 to 90 days: nothing the worker
    // would refresh or check (which means calling a real provider) comes due while a seeded database is reused.
    // Some key apps declare a key lifetime; 1% of credentials are already expired.
    const expiresAt = oauth
      ? iso(now + 30 * DAY + Math.floor(Math.random() * 60 * DAY))
      : app.key?.keyLifetimeSeconds
        ? iso(now + Math.random() * 90 * DAY)
        : null
    batch.push([
      id,
      workspaceId,
      userId,
      app.id,
      `${app.name} account`,
      app.authType,
      expired ? 'expired' : 'active',
      sealJSON(keyring, secret, credentialSecretContext(workspaceId, id)),
      '{}',
      expiresAt,
      oauth ? iso(now + 90 * DAY) : null,
      1,
      iso(created),
      iso(created),
      null,
      app.verification ? iso(now + 30 * DAY + Math.floor(Math.random() * 60 * DAY)) : null,
      0,
      expired ? 'refresh_rejected' : null,
      expired ? iso(now - Math.floor(Math.random() * 30 * DAY)) : null,
    ])
    if (batch.length === 5000) {
      await pending
      pending = writer.insert('credential', COLUMNS, batch)
      batch = []
      if ((i + 1) % 100_000 === 0) log(`  ${i + 1} credentials`)
    }
  }
  await pending
  if (batch.length) await writer.insert('credential', COLUMNS, batch)
  log(`  ${size.credentials} credentials`)
}

function fieldsSecret(app: App): CredentialSecret {
  const fields: Record<string, string> = {}
  for (const field of app.fields) fields[field.name] = randomBytes(24).toString('base64url')
  return { kind: 'fields', fields }
}

function oauthSecret(): CredentialSecret {
  return {
    kind: 'oauth2',
    accessToken: randomBytes(32).toString('base64url'),
    tokenType: 'Bearer',
    refreshToken: randomBytes(32).toString('base64url'),
    scope: 'read write',
    idToken: null,
    connection: {},
  }
}

const pick = <T>(items: T[]): T => items[Math.floor(Math.random() * items.length)]!

function sqliteWriter(file: string): Writer {
  const db = new SQLite(file)
  db.pragma('journal_mode = WAL')
  db.pragma('synchronous = OFF')
  const statements = new Map<string, SQLite.Statement>()
  return {
    async insert(table, columns, rows) {
      const key = `${table}:${columns.length}`
      let statement = statements.get(key)
      if (!statement) {
        statement = db.prepare(
          `insert into ${table} (${columns.join(', ')}) values (${columns.map(() => '?').join(', ')})`,
        )
        statements.set(key, statement)
      }
      const s = statement
      db.transaction(() => {
        for (const row of rows) s.run(row)
      })()
    },
    async close() {
      db.close()
    },
  }
}

async function postgresWriter(url: string): Promise<Writer> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  await client.query('set synchronous_commit = off')
  return {
    async insert(table, columns, rows) {
      const types = columns.map((c) =>
        c === 'version' || c === 'failure_count' ? 'integer' : 'text',
      )
      const arrays = columns.map((_, index) => rows.map((row) => row[index]))
      await client.query(
        `insert into ${table} (${columns.join(', ')}) select * from unnest(${types.map((t, i) => `$${i + 1}::${t}[]`).join(', ')})`,
        arrays,
      )
    },
    async close() {
      await client.end()
    },
  }
}

async function sampleIds(store: Store, workspaceId: string) {
  const soon = new Date(Date.now() + DAY / 2).toISOString()
  const sample = (oauth: boolean) =>
    store.db
      .selectFrom('credential')
      .select('id')
      .where('workspaceId', '=', workspaceId)
      .where('status', '=', 'active')
      .where('type', oauth ? '=' : '!=', 'oauth2')
      .where((eb) => (oauth ? eb('expiresAt', '>', soon) : eb('expiresAt', 'is', null)))
      .orderBy(sqlRandom())
      .limit(SAMPLE)
      .execute()
  const users = await store.db
    .selectFrom('endUser')
    .select('id')
    .where('workspaceId', '=', workspaceId)
    .orderBy(sqlRandom())
    .limit(SAMPLE)
    .execute()
  return {
    apiKeyCredentialIds: (await sample(false)).map((r) => r.id),
    oauthCredentialIds: (await sample(true)).map((r) => r.id),
    userIds: users.map((r) => r.id),
  }
}

const sqlRandom = () => sql`random()`
