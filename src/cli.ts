// The `keyport` command: serve | migrate | version | workspace create|list | apikey create|list|revoke |
// console-user create|link | keys rotate|generate.
import { randomBytes } from 'node:crypto'
import { parseArgs } from 'node:util'
import { ConfigError, readConfig } from './config.js'
import { CatalogError } from './catalog/index.js'
import { KeyringError } from './crypto/index.js'
import { rotateKeys } from './keys/index.js'
import { createLogger, openServices } from './services.js'
import { VERSION } from './version.js'
import {
  CONSOLE_ROLES,
  DEFAULT_CONSOLE_SETTINGS,
  createConsoleUser,
  issueSignInLinkByEmail,
  type ConsoleActor,
  type ConsoleDeps,
  type ConsoleRole,
  type IssuedSignInLink,
} from './console/index.js'
import { AppError } from './errors.js'
import {
  allWorkspaces,
  apiKeysOf,
  createApiKey,
  createWorkspace,
  revokeApiKeyByPrefix,
} from './workspaces/index.js'

const USAGE = `Usage: keyport <command>

  serve                              start the API, modal and worker (npm start)
  migrate                            apply database migrations and exit
  version                            print Keyport's version
  workspace create <name> [--json]   create a workspace; prints its first API key once
  workspace list [--json]            list workspaces (id, name, created)
  apikey create <workspaceId>        create another API key for a workspace
  apikey list <workspaceId> [--json] list a workspace's API keys by prefix (never the key or its hash)
  apikey revoke <keyPrefix>          revoke a key by its first 11 characters (kp_xxxxxxxx)
  console-user create <workspaceId> <email> [--role admin|support] [--json]
                                     add a console user (role admin by default); prints a one-time
                                     sign-in link (15 minutes). Keyport sends no email: hand it over.
  console-user link <workspaceId> <email> [--json]
                                     a new sign-in link for a console user (earlier links stop working)
  keys generate [kid]                print a new KEYPORT_ENCRYPTION_KEYS entry
  keys rotate                        rewrap every sealed value under the first key (server may keep running)

Settings come from KEYPORT_* environment variables; see the README.`

/** Errors a person can act on: one line, no stack. */
const EXPECTED = [ConfigError, KeyringError, CatalogError]

async function run(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      json: { type: 'boolean', default: false },
      role: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  })
  const [command, sub, arg, arg2] = positionals
  if (values.help || !command) {
    console.log(USAGE)
    return command || values.help ? 0 : 2
  }
  if (command === 'version') {
    console.log(values.json ? JSON.stringify({ version: VERSION }) : `keyport ${VERSION}`)
    return 0
  }
  if (command === 'keys' && sub === 'generate') {
    console.log(
      `${arg ?? `k${new Date().toISOString().slice(0, 10).replaceAll('-', '')}`}:${randomBytes(32).toString('base64')}`,
    )
    return 0
  }
  const config = readConfig()
  const log = createLogger(config, { toStderr: command !== 'serve' })

  if (command === 'serve') {
    // Loaded here: the HTTP app is most of the code, and only `serve` runs it.
    const { startNode } = await import('./main.js')
    const node = await startNode(config, log)
    const stop = async (signal: string) => {
      log.info({ signal }, 'shutting down: draining requests')
      await node.stop()
      process.exit(0)
    }
    process.once('SIGTERM', () => void stop('SIGTERM'))
    process.once('SIGINT', () => void stop('SIGINT'))
    return -1
  }

  const { store, keyring } = await openServices(config, log)
  try {
    switch (`${command} ${sub ?? ''}`.trim()) {
      case 'migrate':
        console.log('Database is up to date.')
        return 0
      case 'workspace create': {
        if (!arg) return usage('workspace create needs a name')
        const created = await createWorkspace(store.db, arg)
        if (values.json)
          console.log(JSON.stringify({ workspaceId: created.workspaceId, apiKey: created.apiKey }))
        else
          console.log(
            `Workspace ${created.workspaceId} "${arg}". API key (shown once):\n${created.apiKey}`,
          )
        return 0
      }
      case 'workspace list': {
        const workspaces = await allWorkspaces(store.db)
        if (values.json) console.log(JSON.stringify(workspaces))
        else for (const w of workspaces) console.log(`${w.id}\t${w.createdAt}\t${w.name}`)
        return 0
      }
      case 'apikey list': {
        if (!arg) return usage('apikey list needs a workspace id')
        const keys = await apiKeysOf(store.db, arg)
        if (!keys) return fail(`No workspace ${arg}.`)
        if (values.json) console.log(JSON.stringify(keys))
        else
          for (const k of keys)
            console.log(
              `${k.prefix}\tcreated ${k.createdAt}\t${k.revokedAt ? `revoked ${k.revokedAt}` : 'active'}\t` +
                `last used ${k.lastUsedAt ?? 'never'}`,
            )
        return 0
      }
      case 'apikey create': {
        if (!arg) return usage('apikey create needs a workspace id')
        const key = await createApiKey(store.db, arg)
        if (!key) return fail(`No workspace ${arg}.`)
        if (values.json) console.log(JSON.stringify({ workspaceId: arg, apiKey: key.apiKey }))
        else console.log(`API key (shown once):\n${key.apiKey}`)
        return 0
      }
      case 'apikey revoke': {
        if (!arg) return usage('apikey revoke needs a key prefix (kp_ and 8 characters)')
        if (!(await revokeApiKeyByPrefix(store.db, arg)))
          return fail(`No active API key starts with ${arg}.`)
        console.log(`Revoked ${arg}. Running nodes stop accepting it within a second or two.`)
        return 0
      }
      case 'console-user create': {
        if (!arg || !arg2) return usage('console-user create needs a workspace id and an email')
        const role = values.role ?? 'admin'
        if (!isConsoleRole(role)) return usage('--role must be admin or support')
        const created = await createConsoleUser(
          consoleDeps(store, config.publicURL),
          cliActor(arg),
          {
            email: arg2,
            role,
          },
        )
        printSignInLink(created, values.json, `Console user ${created.consoleUser.id} (${role}).`)
        return 0
      }
      case 'console-user link': {
        if (!arg || !arg2) return usage('console-user link needs a workspace id and an email')
        const link = await issueSignInLinkByEmail(
          consoleDeps(store, config.publicURL),
          cliActor(arg),
          arg2,
        )
        printSignInLink(link, values.json, `New sign-in link for ${arg2}.`)
        return 0
      }
      case 'keys rotate': {
        console.error(`Rewrapping every sealed value under key "${keyring.primary.kid}"…`)
        const report = await rotateKeys(store.db, keyring, (table, column, done) =>
          console.error(`  ${table}.${column}: ${done} rewrapped so far`),
        )
        console.log(
          `Done: ${report.rewrapped} values rewrapped, ${report.skipped} changed meanwhile and already current. ` +
            `Keys other than "${keyring.primary.kid}" are retired and may be removed from KEYPORT_ENCRYPTION_KEYS.`,
        )
        return 0
      }
      default:
        return usage(`unknown command "${positionals.join(' ')}"`)
    }
  } finally {
    await store.close()
  }
}

function consoleDeps(store: Pick<ConsoleDeps, 'db' | 'dialect'>, publicURL: string): ConsoleDeps {
  const { db, dialect } = store
  return {
    db,
    dialect,
    publicURL,
    now: () => new Date(),
    consoleSettings: DEFAULT_CONSOLE_SETTINGS,
  }
}

function cliActor(workspaceId: string): ConsoleActor {
  return { workspaceId, actor: 'cli', requestId: null }
}

function isConsoleRole(role: string): role is ConsoleRole {
  return (CONSOLE_ROLES as readonly string[]).includes(role)
}

function printSignInLink(link: IssuedSignInLink, json: boolean, heading: string): void {
  if (json) console.log(JSON.stringify(link))
  else
    console.log(`${heading} Sign-in link (works once, until ${link.expiresAt}):\n${link.signInUrl}`)
}

function usage(message: string): number {
  console.error(`keyport: ${message}\n\n${USAGE}`)
  return 2
}

function fail(message: string): number {
  console.error(`keyport: ${message}`)
  return 1
}

run(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exit(code)
  },
  (error: unknown) => {
    if (error instanceof AppError) {
      console.error(`keyport: ${error.message}`)
    } else if (EXPECTED.some((type) => error instanceof type)) {
      console.error(`keyport: cannot start: ${(error as Error).message}`)
    } else {
      console.error('keyport: failed:', error)
    }
    process.exit(1)
  },
)
