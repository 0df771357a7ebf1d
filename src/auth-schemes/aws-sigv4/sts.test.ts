import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createOutboundClient, type OutboundClient } from '../../net/index.js'
import { startAwsStandin, type AwsStandin } from '../../../test/support/aws-standin.js'
import { assumeRole, processAssumeRoleResponse, StsError } from './sts.js'

const LONG_LIVED = { accessKeyId: 'AKIASTSUNITTEST00001', secretAccessKey: 'sts-unit-secret-4f1c' }
const ROLE = 'arn:aws:iam::123456789012:role/keyport-reader'

describe('STS AssumeRole', () => {
  let aws: AwsStandin
  let client: OutboundClient
  beforeAll(async () => {
    aws = await startAwsStandin()
    aws.keys.set(LONG_LIVED.accessKeyId, { secretAccessKey: LONG_LIVED.secretAccessKey })
    aws.roles.set(ROLE, 'ext-42')
    client = createOutboundClient({ trusted: ['127.0.0.1'] })
  })
  afterAll(async () => {
    await client?.close()
    await aws?.close()
  })

  const input = (over: Partial<Parameters<typeof assumeRole>[1]> = {}) => ({
    endpoint: aws.origin,
    region: 'eu-west-1',
    credentials: LONG_LIVED,
    roleArn: ROLE,
    externalId: 'ext-42',
    sessionName: 'keyport-test',
    durationSeconds: 900,
    now: new Date(),
    ...over,
  })

  it('is a signed form POST the stand-in accepts, and returns the temporary keys', async () => {
    const credentials = await assumeRole(client.fetch, input())
    expect(credentials.accessKeyId).toMatch(/^ASIA/)
    expect(aws.keys.get(credentials.accessKeyId)).toEqual({
      secretAccessKey: credentials.secretAccessKey,
      sessionToken: credentials.sessionToken,
    })
    expect(Date.parse(credentials.expiration)).toBeGreaterThan(Date.now())
    const sent = aws.seen.at(-1)!
    expect(sent.verdict).toMatchObject({ ok: true, service: 'sts', region: 'eu-west-1' })
    expect(Object.fromEntries(new URLSearchParams(sent.body.toString()))).toEqual({
      Action: 'AssumeRole',
      Version: '2011-06-15',
      RoleArn: ROLE,
      RoleSessionName: 'keyport-test',
      DurationSeconds: '900',
      ExternalId: 'ext-42',
    })
    expect(sent.body.toString()).not.toContain(LONG_LIVED.secretAccessKey)
  })

  it('reports AWS’s error code: a wrong secret, a role that refuses the external id', async () => {
    await expect(
      assumeRole(client.fetch, input({ credentials: { ...LONG_LIVED, secretAccessKey: 'wrong' } })),
    ).rejects.toMatchObject({ name: 'StsError', status: 403, code: 'SignatureDoesNotMatch' })
    await expect(assumeRole(client.fetch, input({ externalId: 'other' }))).rejects.toMatchObject({
      code: 'AccessDenied',
    })
  })
})

describe('processAssumeRoleResponse', () => {
  it('reads the credentials and normalises the expiration', () => {
    const xml = `<AssumeRoleResponse><AssumeRoleResult><Credentials><AccessKeyId>ASIAEXAMPLE</AccessKeyId>
      <SecretAccessKey>s/e+c=</SecretAccessKey><SessionToken>tok&amp;en</SessionToken>
      <Expiration>2026-12-03T23:00:00Z</Expiration></Credentials></AssumeRoleResult></AssumeRoleResponse>`
    expect(processAssumeRoleResponse(200, xml)).toEqual({
      accessKeyId: 'ASIAEXAMPLE',
      secretAccessKey: 's/e+c=',
      sessionToken: 'tok&en',
      expiration: '2026-12-03T23:00:00.000Z',
    })
  })

  it('refuses an answer without credentials, and names no value in its error', () => {
    expect(() => processAssumeRoleResponse(200, '<html>maintenance</html>')).toThrow(StsError)
    const error = (() => {
      try {
        processAssumeRoleResponse(500, 'secret-in-body')
      } catch (e) {
        return e as StsError
      }
    })()!
    expect(error.code).toBe('UnexpectedResponse')
    expect(error.message).not.toContain('secret-in-body')
  })
})
