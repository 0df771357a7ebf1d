import { Writable } from 'node:stream'
import { pino } from 'pino'
import { describe, expect, it } from 'vitest'
import { censorSecrets, loggerOptions } from './logger.js'

describe('log censoring', () => {
  it('censors secret-named keys at any depth and keeps everything else', () => {
    const input = {
      msg: 'x',
      accessToken: 'a',
      nested: {
        Authorization: 'Bearer b',
        list: [{ client_secret: 'c', ok: 1 }],
        deeper: { refresh_token: 'd' },
      },
      headers: { cookie: 'e', 'content-type': 'json' },
    }
    expect(censorSecrets(input)).toEqual({
      msg: 'x',
      accessToken: '[redacted]',
      nested: {
        Authorization: '[redacted]',
        list: [{ client_secret: '[redacted]', ok: 1 }],
        deeper: { refresh_token: '[redacted]' },
      },
      headers: { cookie: '[redacted]', 'content-type': 'json' },
    })
    expect(input.accessToken).toBe('a') // the caller's object is not changed
  })

  it('applies to every line a pino logger built from the options writes, and drops query strings from requests', () => {
    let out = ''
    const sink = new Writable({
      write(chunk, _e, done) {
        out += chunk
        done()
      },
    })
    const log = pino(loggerOptions('info'), sink).child({ reqId: 'r1' })
    log.info(
      {
        user: { password: 'hunter2', name: 'ada' },
        req: { method: 'GET', url: '/cb?code=zzz', id: 'r1' },
      },
      'hello',
    )
    expect(out).not.toContain('hunter2')
    expect(out).not.toContain('zzz')
    expect(out).toContain('ada')
    expect(JSON.parse(out).req.url).toBe('/cb')
  })
})
