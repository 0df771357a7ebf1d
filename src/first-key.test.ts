import { existsSync, mkdtempSync, readFileSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Writable } from 'node:stream'
import { pino, type Logger } from 'pino'
import { describe, expect, it } from 'vitest'
import { announceFirstKey, FIRST_KEY_FILE } from './first-key.js'
import { loggerOptions } from './logger.js'

const API_KEY = 'kp_' + 'A'.repeat(43)

function capture(): { log: Logger; lines: () => string } {
  let text = ''
  const sink = new Writable({
    write(chunk, _encoding, done) {
      text += chunk
      done()
    },
  })
  return { log: pino(loggerOptions('trace'), sink), lines: () => text }
}

describe('announceFirstKey', () => {
  it('writes the key to a terminal, outside the log, and leaves no file', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'keyport-first-'))
    const { log, lines } = capture()
    let shown = ''
    const file = announceFirstKey({
      workspaceId: 'ws_1',
      apiKey: API_KEY,
      publicURL: 'http://localhost:3000',
      dataDir,
      log,
      terminal: { isTTY: true, write: (text: string) => (shown += text) },
    })
    expect(file).toBeNull()
    expect(shown).toContain(`    ${API_KEY}\n`)
    expect(lines()).toBe('')
    expect(existsSync(join(dataDir, FIRST_KEY_FILE))).toBe(false)
  })

  it('without a terminal, writes it to a 0600 file (replacing an old one) and logs the path, not the key', () => {
    const dataDir = join(mkdtempSync(join(tmpdir(), 'keyport-first-')), 'not-yet-made')
    const { log, lines } = capture()
    let shown = ''
    const options = {
      workspaceId: 'ws_1',
      publicURL: 'http://localhost:3000',
      dataDir,
      log,
      terminal: { isTTY: false, write: (text: string) => (shown += text) },
    }
    announceFirstKey({ ...options, apiKey: 'kp_' + 'B'.repeat(43) })
    const file = announceFirstKey({ ...options, apiKey: API_KEY })
    expect(file).toBe(join(dataDir, FIRST_KEY_FILE))
    expect(statSync(file!).mode & 0o777).toBe(0o600)
    expect(
      readFileSync(file!, 'utf8')
        .split('\n')
        .filter((l) => l.startsWith('kp_')),
    ).toEqual([API_KEY])
    expect(shown).toBe('')
    expect(lines()).toContain(JSON.stringify(file).slice(1, -1))
    expect(lines()).not.toContain(API_KEY)
    expect(lines()).not.toContain('kp_B')
  })
})
