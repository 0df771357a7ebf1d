// AWS Signature Version 4 end to end, against a stand-in AWS on loopback that recomputes every signature from the
// bytes it received and refuses a mismatch: keys checked with STS GetCallerIdentity at creation, proxied GETs with
// query strings and POSTs with bodies signed, S3's UNSIGNED-PAYLOAD for streamed bodies, a role assumed with STS
// AssumeRole (the temporary keys cached like a minted token, renewed in a single flight), and the secret access key
// kept out of every log line, error and database byte.
import { createHash } from 'node:crypto'
import { Writable } from 'node:stream'
import { sql } from 'kysely'
import { pino } from 'pino'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loggerOptions } from '../src/logger.js'
import { startAwsStandin, type AwsStandin } from './support/aws-standin.js'
import { databaseText } from './support/database-text.js'
import { TEST_DATABASES } from './support/databases.js'
import { startHarness, type Harness } from './support/harness.js'
import { writeCatalogDir } from './support/local-app.js'

const ACCESS_KEY_ID = 'AKIASIGV4STANDIN0001'
const SECRET = 'sigv4CANARYsecret/+0123456789abcdefghij0' // 40 characters, like AWS's
const ROLE = 'arn:aws:iam::123456789012:role/keyport-sigv4'
const EXTERNAL_ID = 'ext-sigv4-7'
const MAX_BODY = 256 * 1024

const field = (name: string, secret: boolean, required = true) => ({
  name,
  displayName: name,
  secret,
  required,
})

/** Stand-in apps in the catalog's own shape: a JSON service, an S3-style store, both on `origin`. */
function writeAwsCatalog(origin: string): string {
  const fields = [
    field('accessKeyId', false),
    field('secretAccessKey', true),
    field('region', false),
    field('roleArn', false, false),
    field('externalId', false, false),
  ]
  const app = (id: string, auth: object) => ({
    id,
    name: id,
    categories: ['other'],
    docsURL: 'https://example.com/docs',
    confirmation: 'unconfirmed',
    auth: {
      type: 'aws_sigv4',
      region: '{region}',
      fields,
      assumeRole: { endpoint: origin },
      verification: {
        method: 'POST',
        url: `${origin}/`,
        form: { Action: 'GetCallerIdentity', Version: '2011-06-15' },
      },
      verificationService: 'sts',
      ...auth,
    },
    api: { baseURL: `${origin}/api` },
  })
  return writeCatalogDir([
    app('aws-json', { service: 'sqs' }),
    app('aws-store', { service: 's3', s3: true }),
  ])
}

describe.each(TEST_DATABASES)('AWS SigV4 on $name', (database) => {
  let h: Harness
  let aws: AwsStandin
  let log = ''
  const responses: string[] = []
  let user = 0

  async function create(app: string, data: Record<string, string>, apiKey?: string) {
    const { userId } = (
      await h.request('POST', '/v1/users', {
        body: { username: `aws-${user++}` },
        ...(apiKey ? { apiKey } : {}),
      })
    ).json()
    const response = await h.request('POST', '/v1/credentials', {
      body: { userId, app, data },
      ...(apiKey ? { apiKey } : {}),
    })
    responses.push(response.body)
    return response
  }
  const keys = { accessKeyId: ACCESS_KEY_ID, secretAccessKey: SECRET, region: 'eu-west-1' }
  const lastSeen = () => aws.seen.at(-1)!

  beforeAll(async () => {
    aws = await startAwsStandin()
    aws.keys.set(ACCESS_KEY_ID, { secretAccessKey: SECRET })
    aws.roles.set(ROLE, EXTERNAL_ID)
    const sink = new Writable({
      write(chunk, _encoding, done) {
        log += chunk.toString()
        done()
      },
    })
    h = await startHarness(database, {
      catalogDirs: [writeAwsCatalog(aws.origin)],
      build: { logger: pino(loggerOptions('trace'), sink) },
      trustedPrivateHosts: ['127.0.0.1'],
      proxySettings: { maxBodyBytes: MAX_BODY },
    })
  })
  afterAll(async () => {
    await h?.close()
    await aws?.close()
  })

  describe('keys without a role', () => {
    let id: string
    beforeAll(async () => {
      const response = await create('aws-json', keys)
      expect(response.statusCode, response.body).toBe(201)
      id = response.json().credentialId
    })

    it('checked the keys with a signed STS GetCallerIdentity', () => {
      const check = aws.seen.find((r) => r.body.toString().includes('GetCallerIdentity'))!
      expect(check.verdict).toMatchObject({ ok: true, service: 'sts', accessKeyId: ACCESS_KEY_ID })
    })

    it('refuses keys the stand-in refuses (a wrong secret) and stores nothing', async () => {
      const response = await create('aws-json', {
        ...keys,
        secretAccessKey: `${SECRET.slice(0, -1)}x`,
      })
      expect(response.statusCode).toBe(422)
      expect(response.json().error.code).toBe('credential_verification_failed')
    })

    it('signs a proxied GET with a query string, which the stand-in recomputes and accepts', async () => {
      const response = await h.request(
        'GET',
        `/v1/proxy/${id}/queues/my%20queue/items?b=2&a=%2F&a=1&empty&Prefix=x%2By`,
      )
      expect(response.statusCode, response.body).toBe(200)
      expect(response.headers['keyport-proxied']).toBe('1')
      const seen = lastSeen()
      expect(seen.verdict).toMatchObject({ ok: true, service: 'sqs', region: 'eu-west-1' })
      expect(seen.target).toBe('/api/queues/my%20queue/items?b=2&a=%2F&a=1&empty&Prefix=x%2By')
      expect(seen.headers['x-amz-content-sha256']).toBe(
        createHash('sha256').update('').digest('hex'),
      )
      expect(seen.headers['x-amz-security-token']).toBeUndefined()
    })

    it('signs a POST with a body by its SHA-256, the caller’s x-amz-* headers included', async () => {
      const body = JSON.stringify({ QueueUrl: 'https://sqs.example/q', MessageBody: 'hi' })
      const response = await h.request('POST', `/v1/proxy/${id}/`, {
        headers: {
          'content-type': 'application/x-amz-json-1.0',
          'x-amz-target': 'AmazonSQS.SendMessage',
        },
        body: JSON.parse(body),
      })
      expect(response.statusCode, response.body).toBe(200)
      const seen = lastSeen()
      expect(seen.verdict).toMatchObject({ ok: true })
      expect(seen.headers['x-amz-content-sha256']).toBe(
        createHash('sha256').update(seen.body).digest('hex'),
      )
      expect((seen.verdict as { signedHeaders: string[] }).signedHeaders).toEqual(
        expect.arrayContaining(['content-type', 'host', 'x-amz-date', 'x-amz-target']),
      )
    })

    it('holds a body past the replay limit to hash it (up to the proxy limit)', async () => {
      const big = 'x'.repeat(100 * 1024)
      const response = await h.request('POST', `/v1/proxy/${id}/big`, {
        headers: { 'content-type': 'text/plain' },
        body: big,
      })
      expect(response.statusCode, response.body).toBe(200)
      expect(lastSeen().verdict).toMatchObject({ ok: true })
      expect(lastSeen().body.length).toBe(big.length)
    })

    it('refuses a body it must hash that is larger than the proxy limit (413), sending nothing', async () => {
      const before = aws.seen.length
      const response = await h.request('POST', `/v1/proxy/${id}/too-big`, {
        headers: { 'content-type': 'text/plain' },
        body: 'z'.repeat(MAX_BODY + 1),
      })
      expect(response.statusCode).toBe(413)
      expect(response.json().error.code).toBe('payload_too_large')
      expect(aws.seen.length).toBe(before)
    })

    it('checks the keys on demand with a signed GetCallerIdentity', async () => {
      const before = aws.seen.length
      const response = await h.request('POST', `/v1/credentials/${id}/check`)
      expect(response.statusCode, response.body).toBe(200)
      expect(response.json().outcome).toBe('valid')
      expect(aws.seen.slice(before).map((r) => r.verdict)).toEqual([
        expect.objectContaining({ ok: true, service: 'sts' }),
      ])
    })

    it('never forwards the caller’s own authorization, date or security token', async () => {
      const response = await h.request('GET', `/v1/proxy/${id}/x`, {
        headers: {
          'x-amz-date': '20000101T000000Z',
          'x-amz-security-token': 'attacker',
          'x-amz-content-sha256': 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD',
        },
      })
      expect(response.statusCode, response.body).toBe(200)
      expect(lastSeen().headers['x-amz-security-token']).toBeUndefined()
      expect(lastSeen().headers['x-amz-date']).not.toBe('20000101T000000Z')
    })

    it('passes back AWS’s refusal when the stored secret is wrong (the stand-in does refuse)', async () => {
      const other = 'AKIASIGV4STANDIN0002'
      aws.keys.set(other, { secretAccessKey: SECRET })
      const made = await create('aws-json', { ...keys, accessKeyId: other })
      expect(made.statusCode).toBe(201)
      aws.keys.set(other, { secretAccessKey: `${SECRET.slice(0, -1)}y` })
      const response = await h.request('GET', `/v1/proxy/${made.json().credentialId}/x?y=1`)
      expect(response.statusCode).toBe(403)
      expect(response.headers['keyport-proxied']).toBe('1')
      expect(response.body).toContain('SignatureDoesNotMatch')
      // AWS's 403 starts the background re-check, which the stand-in refuses too: the key expires.
      await h.deps.proxy.settle()
      const view = await h.request('GET', `/v1/credentials/${made.json().credentialId}`)
      expect(view.json().status).toBe('expired')
    })

    it('keeps a key that is refused an action (AccessDenied) but passes the re-check', async () => {
      const response = await h.request('GET', `/v1/proxy/${id}/forbidden/thing`)
      expect(response.statusCode).toBe(403)
      expect(response.body).toContain('AccessDenied')
      await h.deps.proxy.settle()
      expect(aws.seen.at(-1)!.body.toString()).toContain('GetCallerIdentity')
      expect((await h.request('GET', `/v1/credentials/${id}`)).json().status).toBe('active')
    })

    it('returns the typed keys from /secret', async () => {
      const response = await h.request('GET', `/v1/credentials/${id}/secret`)
      expect(response.statusCode).toBe(200)
      expect(response.json().data).toMatchObject(keys)
    })
  })

  describe('S3-style stores', () => {
    let id: string
    beforeAll(async () => {
      id = (await create('aws-store', keys)).json().credentialId
    })

    it('streams a body past the replay limit as UNSIGNED-PAYLOAD, the path signed as sent', async () => {
      const big = 'y'.repeat(100 * 1024)
      const response = await h.request('PUT', `/v1/proxy/${id}/bucket/a%20b%21.txt`, {
        headers: { 'content-type': 'text/plain' },
        body: big,
      })
      expect(response.statusCode, response.body).toBe(200)
      expect(lastSeen().headers['x-amz-content-sha256']).toBe('UNSIGNED-PAYLOAD')
      expect(lastSeen().verdict).toMatchObject({ ok: true, service: 's3' })
      expect(lastSeen().target).toBe('/api/bucket/a%20b%21.txt')
    })

    it('uses the caller’s own x-amz-content-sha256 when it sends one', async () => {
      const body = 'hashed by the caller'
      const hash = createHash('sha256').update(body).digest('hex')
      const response = await h.request('PUT', `/v1/proxy/${id}/bucket/own`, {
        headers: { 'x-amz-content-sha256': hash, 'content-type': 'text/plain' },
        body,
      })
      expect(response.statusCode, response.body).toBe(200)
      expect(lastSeen().headers['x-amz-content-sha256']).toBe(hash)
    })
  })

  describe('a role assumed with STS', () => {
    let id: string
    beforeAll(async () => {
      const response = await create('aws-json', { ...keys, roleArn: ROLE, externalId: EXTERNAL_ID })
      expect(response.statusCode, response.body).toBe(201)
      id = response.json().credentialId
    })

    it('hands out the temporary keys from /secret, never the long-lived secret', async () => {
      const response = await h.request('GET', `/v1/credentials/${id}/secret`)
      expect(response.statusCode).toBe(200)
      const data = response.json().data
      expect(data.accessKeyId).toMatch(/^ASIA/)
      expect(aws.keys.get(data.accessKeyId)).toEqual({
        secretAccessKey: data.secretAccessKey,
        sessionToken: data.sessionToken,
      })
      expect(Date.parse(data.expiresAt)).toBeGreaterThan(Date.now())
      expect(response.body).not.toContain(SECRET)
    })

    it('signs proxied requests with them and their session token', async () => {
      const response = await h.request('GET', `/v1/proxy/${id}/x?list-type=2`)
      expect(response.statusCode, response.body).toBe(200)
      expect(lastSeen().verdict).toMatchObject({ ok: true })
      expect(response.json().accessKeyId).toMatch(/^ASIA/)
      expect(lastSeen().headers['x-amz-security-token']).toBeDefined()
    })

    it('20 concurrent reads of an expired session cause exactly one AssumeRole', async () => {
      await h.store.db
        .updateTable('credential')
        .set({ expiresAt: new Date(Date.now() - 60_000).toISOString() })
        .where('id', '=', id)
        .execute()
      aws.assumeRoleDelayMs = 200
      const before = aws.assumeRoleCalls
      const reads = await Promise.all(
        Array.from({ length: 20 }, () => h.request('GET', `/v1/credentials/${id}/secret`)),
      )
      aws.assumeRoleDelayMs = 0
      expect(reads.map((r) => r.statusCode)).toEqual(Array(20).fill(200))
      expect(aws.assumeRoleCalls - before).toBe(1)
      expect(new Set(reads.map((r) => r.json().data.accessKeyId)).size).toBe(1)
    })

    it('is checked by assuming the role again', async () => {
      const before = aws.assumeRoleCalls
      const response = await h.request('POST', `/v1/credentials/${id}/check`)
      expect(response.statusCode, response.body).toBe(200)
      expect(response.json().outcome).toBe('refreshed')
      expect(aws.assumeRoleCalls - before).toBe(1)
    })

    it('refuses a role that does not trust the keys (a wrong external id)', async () => {
      const response = await create('aws-json', { ...keys, roleArn: ROLE, externalId: 'wrong-id' })
      expect(response.statusCode).toBe(422)
      expect(response.json().error.code).toBe('credential_verification_failed')
      expect(response.body).not.toContain(SECRET)
    })
  })

  it('answers another workspace’s credential as missing', async () => {
    const mine = (await create('aws-json', keys)).json().credentialId
    const asOther = { apiKey: h.otherApiKey }
    expect((await h.request('GET', `/v1/proxy/${mine}/x`, asOther)).statusCode).toBe(404)
    expect((await h.request('GET', `/v1/credentials/${mine}/secret`, asOther)).statusCode).toBe(404)
  })

  it('keeps the secret access key out of every log line, error and database byte', async () => {
    expect(log).toContain('credential') // the trace lines were written
    expect(log).not.toContain(SECRET)
    for (const body of responses) expect(body).not.toContain(SECRET)
    const stored = await databaseText(h, database)
    expect(stored).toContain(ACCESS_KEY_ID.slice(0, 4)) // the scan sees plaintext metadata…
    expect(stored).not.toContain(SECRET) // …and not the secret
  })
})
