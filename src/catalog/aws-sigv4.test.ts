import { describe, expect, it } from 'vitest'
import { toApp } from './app.js'
import type { AppFile } from './schema.js'

const field = (name: string, secret = false, required = true) => ({
  name,
  displayName: name,
  secret,
  required,
})
const KEYS = [field('accessKeyId'), field('secretAccessKey', true), field('region')]

const awsApp = (auth: Record<string, unknown>, api: object = {}): AppFile =>
  ({
    id: 'aws-thing',
    name: 'AWS thing',
    categories: ['developer-tools'],
    docsURL: 'https://docs.aws.amazon.com/thing',
    confirmation: 'documented',
    auth: { type: 'aws_sigv4', service: 'thing', region: '{region}', fields: KEYS, ...auth },
    api: {
      baseURL: 'https://thing.{region}.amazonaws.com',
      hosts: ['thing.*.amazonaws.com'],
      ...api,
    },
  }) as unknown as AppFile

describe('aws_sigv4 recipes', () => {
  it('loads one with its fields, region template and regional hosts', () => {
    const app = toApp(awsApp({ unverifiable: 'a test' }))
    expect(app.authType).toBe('aws_sigv4')
    expect(app.fields.map((f) => f.name)).toEqual(['accessKeyId', 'secretAccessKey', 'region'])
    expect(app.isOAuth).toBe(false)
    expect(app.minted).toBeNull()
  })

  it('needs accessKeyId and a secret secretAccessKey', () => {
    expect(() =>
      toApp(awsApp({ fields: [field('secretAccessKey', true), field('region')] })),
    ).toThrow('"accessKeyId"')
    expect(() => toApp(awsApp({ fields: [field('accessKeyId'), field('region')] }))).toThrow(
      '"secretAccessKey"',
    )
    expect(() =>
      toApp(awsApp({ fields: [field('accessKeyId'), field('secretAccessKey'), field('region')] })),
    ).toThrow('"secretAccessKey" must be a secret field')
    expect(() => toApp(awsApp({ fields: [...KEYS, field('sessionToken', false, false)] }))).toThrow(
      '"sessionToken" must be a secret field',
    )
  })

  it('takes a roleArn only with somewhere to assume it, and an externalId only with a role', () => {
    const role = field('roleArn', false, false)
    expect(() => toApp(awsApp({ fields: [...KEYS, role] }))).toThrow('/auth/assumeRole')
    expect(() =>
      toApp(awsApp({ assumeRole: { endpoint: 'https://sts.{region}.amazonaws.com' } })),
    ).toThrow('/auth/assumeRole')
    expect(() => toApp(awsApp({ fields: [...KEYS, field('externalId', false, false)] }))).toThrow(
      '"externalId"',
    )
    const app = toApp(
      awsApp({
        fields: [...KEYS, role],
        assumeRole: { endpoint: 'https://sts.{region}.amazonaws.com' },
        unverifiable: 'a test',
      }),
    )
    expect(app.auth.type === 'aws_sigv4' && app.auth.assumeRole?.endpoint).toBe(
      'https://sts.{region}.amazonaws.com',
    )
  })

  it('refuses a placeholder in the region or STS endpoint that names no field', () => {
    expect(() => toApp(awsApp({ region: '{zone}', unverifiable: 'a test' }))).toThrow(
      '/auth/region',
    )
    expect(() =>
      toApp(
        awsApp({
          fields: [...KEYS, field('roleArn', false, false)],
          assumeRole: { endpoint: 'https://sts.{zone}.amazonaws.com' },
          unverifiable: 'a test',
        }),
      ),
    ).toThrow('/auth/assumeRole/endpoint')
  })

  it('needs hosts when a region fills the API host', () => {
    expect(() => toApp(awsApp({ unverifiable: 'a test' }, { hosts: undefined }))).toThrow(
      '/api/hosts',
    )
  })
})
