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

  it('reduces every Error, at any depth, to its kind, message, stack and codes, with URLs cut to their host', () => {
    const canary = 'kp_CANARY_in_error_0123456789'
    let out = ''
    const sink = new Writable({
      write(chunk, _e, done) {
        out += chunk
        done()
      },
    })
    const log = pino(loggerOptions('trace'), sink)
    const parserError = Object.assign(new Error('Parse Error: Header overflow'), {
      code: 'HPE_HEADER_OVERFLOW',
      rawPacket: Buffer.from(`GET / HTTP/1.1\r\nAuthorization: Bearer ${canary}\r\n`),
    })
    const urlError = Object.assign(new TypeError('Invalid URL'), {
      code: 'ERR_INVALID_URL',
      input: `https://api.example.com/v1?api_key=${canary}`,
    })
    const fetchError = new TypeError('fetch failed', {
      cause: Object.assign(
        new Error(`connect ECONNREFUSED https://user:${canary}@h.example/bot${canary}/getMe?k=1`),
        { headers: { 'x-api-key': canary }, config: { url: `https://h.example/?key=${canary}` } },
      ),
    })
    const aggregate = new AggregateError(
      [urlError, Object.assign(new Error('second'), { detail: canary })],
      'several',
    )
    log.trace({ err: parserError }, 'client error')
    log.error({ err: fetchError, where: 'verify' }, 'failed')
    log.error({ nested: { failure: urlError, list: [aggregate] } }, 'nested')
    log.error(new Error('as first argument', { cause: urlError }))
    log.info({ target: new URL(`https://h.example/path/${canary}?token=${canary}`) }, 'url object')
    expect(out).not.toContain(canary)
    expect(out).not.toContain('rawPacket')
    expect(out).not.toContain('"input"')
    const lines = out
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line))
    expect(lines[0].err).toMatchObject({
      type: 'Error',
      code: 'HPE_HEADER_OVERFLOW',
      message: 'Parse Error: Header overflow',
    })
    expect(lines[1].err.cause.message).toBe('connect ECONNREFUSED https://h.example/[…]')
    expect(lines[2].nested.failure).toMatchObject({ type: 'TypeError', code: 'ERR_INVALID_URL' })
    expect(lines[3].err.cause.code).toBe('ERR_INVALID_URL')
    expect(lines[4].target).toBe('https://h.example/[…]')
    expect(lines[0].err.stack).toMatch(/logger\.test\.ts/) // stacks keep their file paths
  })
})
