import { signSigV4, type AwsCredentials } from './signer.js'

/** Temporary credentials from STS AssumeRole, and when they stop working. */
export interface StsCredentials extends Required<AwsCredentials> {
  /** ISO 8601. */
  expiration: string
}

export interface AssumeRoleInput {
  /** The STS endpoint, e.g. `https://sts.eu-west-1.amazonaws.com` (regional endpoints: AWS STS docs). */
  endpoint: string
  region: string
  /** The long-lived keys that are allowed to assume the role (they sign the call). */
  credentials: AwsCredentials
  roleArn: string
  /** Required by roles that a third party assumes in a customer's account (the confused-deputy guard). */
  externalId?: string
  /** Shown in the role owner's CloudTrail: 2–64 of `[\w+=,.@-]`. */
  sessionName: string
  /** 900 s up to the role's maximum session duration (1–12 h); STS's default is 3600. */
  durationSeconds: number
  now: Date
}

/** STS answered with an error document (`<ErrorResponse><Error><Code>…`); `code` is AWS's, never a value we sent. */
export class StsError extends Error {
  override name = 'StsError'
  constructor(
    readonly status: number,
    readonly code: string,
  ) {
    super(`STS answered ${status} ${code}`)
  }
}

/**
 * Codes that mean the credential itself is refused, so asking again cannot help (AWS STS API reference, "Common
 * Errors"): an unknown or deleted access key, a wrong secret, a session token that has expired, or a role that
 * does not trust these keys (or wants another external id).
 */
export const REJECTING_STS_CODES: ReadonlySet<string> = new Set([
  'InvalidClientTokenId',
  'SignatureDoesNotMatch',
  'ExpiredToken',
  'AccessDenied',
  'AccessDeniedException',
])

const STS_VERSION = '2011-06-15'

/** The signed AssumeRole call of the STS Query API (a form POST), ready for the guarded client. */
export async function assumeRoleRequest(
  input: AssumeRoleInput,
): Promise<{ url: URL; init: { method: 'POST'; headers: Record<string, string>; body: string } }> {
  const url = new URL(input.endpoint)
  url.pathname = '/'
  const params = new URLSearchParams({
    Action: 'AssumeRole',
    Version: STS_VERSION,
    RoleArn: input.roleArn,
    RoleSessionName: input.sessionName,
    DurationSeconds: String(input.durationSeconds),
  })
  if (input.externalId) params.set('ExternalId', input.externalId)
  const body = params.toString()
  const headers = { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' }
  const signed = await signSigV4(
    { method: 'POST', host: url.host, path: url.pathname, query: '', headers },
    {
      credentials: input.credentials,
      service: 'sts',
      region: input.region,
      now: input.now,
      payload: body,
    },
  )
  return { url, init: { method: 'POST', headers: { ...headers, ...signed }, body } }
}

/** Reads an AssumeRole answer: the credentials on 200, else an StsError with AWS's error code. */
export function processAssumeRoleResponse(status: number, text: string): StsCredentials {
  if (status !== 200) throw new StsError(status, xmlValue(text, 'Code') ?? 'UnexpectedResponse')
  const credentials = /<Credentials>([\s\S]*?)<\/Credentials>/.exec(text)?.[1] ?? ''
  const accessKeyId = xmlValue(credentials, 'AccessKeyId')
  const secretAccessKey = xmlValue(credentials, 'SecretAccessKey')
  const sessionToken = xmlValue(credentials, 'SessionToken')
  const expiration = xmlValue(credentials, 'Expiration')
  if (!accessKeyId || !secretAccessKey || !sessionToken || !expiration || !isDate(expiration))
    throw new StsError(status, 'MalformedResponse')
  return {
    accessKeyId,
    secretAccessKey,
    sessionToken,
    expiration: new Date(expiration).toISOString(),
  }
}

/** AssumeRole through `fetch` (the providers' guarded client, always: it checks the address it connects to). */
export async function assumeRole(
  fetchImpl: typeof fetch,
  input: AssumeRoleInput,
): Promise<StsCredentials> {
  const { url, init } = await assumeRoleRequest(input)
  const response = await fetchImpl(url, init)
  return processAssumeRoleResponse(response.status, await response.text())
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" }

/** The text of the first `<name>` element (STS answers are small, flat and namespace-free inside). */
function xmlValue(xml: string, name: string): string | null {
  const match = new RegExp(`<${name}>([^<]*)</${name}>`).exec(xml)
  if (!match) return null
  return match[1]!.trim().replace(/&(amp|lt|gt|quot|apos);/g, (_, e: string) => ENTITIES[e]!)
}

function isDate(text: string): boolean {
  return !Number.isNaN(Date.parse(text))
}
