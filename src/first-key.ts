// The default workspace's first API key, shown once at first start. It never goes through the logger, whose JSON
// lines are shipped to log stores: a person at a terminal reads it on stderr; a service (systemd, a container) finds
// it in a 0600 file under the data directory, whose path — never the key — is logged.
import { chmodSync, mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Logger } from 'pino'

export const FIRST_KEY_FILE = 'first-api-key'

export interface FirstKey {
  workspaceId: string
  apiKey: string
  publicURL: string
  dataDir: string
  log: Logger
  /** Where a person would read it; process.stderr unless a test passes its own. */
  terminal?: { isTTY?: boolean; write(text: string): unknown }
}

/** Shows the key to a person at a terminal, or else writes it to a 0600 file. Returns that file, if any. */
export function announceFirstKey(key: FirstKey): string | null {
  const terminal = key.terminal ?? process.stderr
  if (terminal.isTTY) {
    terminal.write(message(key))
    return null
  }
  const path = join(key.dataDir, FIRST_KEY_FILE)
  mkdirSync(key.dataDir, { recursive: true, mode: 0o700 })
  // A file left by an earlier first start (a database since re-created) is replaced, never appended to or followed.
  rmSync(path, { force: true })
  writeFileSync(
    path,
    `# API key of workspace "default" (${key.workspaceId}), shown only here: keep it elsewhere, then delete this file.\n${key.apiKey}\n`,
    { mode: 0o600, flag: 'wx' },
  )
  chmodSync(path, 0o600) // the umask may have narrowed the mode, never widened it; make it exact
  key.log.warn(
    { workspaceId: key.workspaceId, file: path },
    `Created workspace "default"; its API key is in ${path} (mode 0600): keep it elsewhere, then delete the file`,
  )
  return path
}

function message(key: FirstKey): string {
  return (
    [
      '',
      `  Created workspace "default" (${key.workspaceId}). Its API key, shown only this once:`,
      '',
      `    ${key.apiKey}`,
      '',
      `  Try:  curl -H "Authorization: Bearer ${key.apiKey}" ${key.publicURL}/v1/apps?search=stripe`,
      '',
    ].join('\n') + '\n'
  )
}
