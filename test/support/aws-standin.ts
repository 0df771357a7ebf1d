// A stand-in AWS on loopback for the SigV4 tests: every request's signature is recomputed here from what arrived on
// the wire, by an implementation of its own (node:crypto, written from AWS's "Create a signed AWS API request"
// steps, checked against the aws-sig-v4-test-suite in aws-standin.test.ts), and refused on a mismatch exactly as
// AWS refuses it. It also answers the STS Query API (AssumeRole, GetCallerIdentity).
import { createHash, createHmac, randomBytes } from 'node:crypto'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface StandinKey {
  secretAccessKey: string
  sessionToken?: string
}

export interface ReceivedRequest {
  method: string
  /** The request target as it arrived: path and query, still encoded. */
  target: string
  headers: Record<string, string>
  body: Buffer
}

export type Verdict =
  | { ok: true; accessKeyId: string; service: string; region: string; signedHeaders: string[] }
  | { ok: false; code: string }

/** Recomputes the signature of a received request. `s3`: the path is signed as sent (S3's rule). */
export function verifySigV4(
  request: ReceivedRequest,
  keys: ReadonlyMap<string, StandinKey>,
  options: { now: Date; s3Services?: readonly string[] },
): Verdict {
  const auth = request.headers.authorization ?? ''
  const parsed =
    /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, ?SignedHeaders=([a-z0-9;-]+), ?Signature=([0-9a-f]{64})$/.exec(
      auth,
    )
  if (!parsed) return { ok: false, code: 'IncompleteSignature' }
  const [, accessKeyId, day, region, service, signedList, signature] = parsed as unknown as string[]
  const key = keys.get(accessKeyId!)
  if (!key) return { ok: false, code: 'InvalidClientTokenId' }
  const amzDate = request.headers['x-amz-date'] ?? ''
  const when = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(amzDate)
  if (!when || amzDate.slice(0, 8) !== day) return { ok: false, code: 'IncompleteSignature' }
  const at = Date.UTC(+when[1]!, +when[2]! - 1, +when[3]!, +when[4]!, +when[5]!, +when[6]!)
  if (Math.abs(at - options.now.getTime()) > 15 * 60_000)
    return { ok: false, code: 'RequestTimeTooSkewed' }
  const signed = signedList!.split(';')
  // AWS: host and x-amz-date are always signed; every x-amz-* header sent must be signed too (S3 enforces it).
  if (!signed.includes('host') || !signed.includes('x-amz-date'))
    return { ok: false, code: 'SignatureDoesNotMatch' }
  for (const name of Object.keys(request.headers))
    if (name.startsWith('x-amz-') && !signed.includes(name))
      return { ok: false, code: 'SignatureDoesNotMatch' }
  if ((request.headers['x-amz-security-token'] ?? undefined) !== key.sessionToken)
    return { ok: false, code: key.sessionToken ? 'MissingSecurityToken' : 'InvalidClientTokenId' }
  const bodyHash = sha256(request.body)
  const declared = request.headers['x-amz-content-sha256']
  if (declared !== undefined && declared !== 'UNSIGNED-PAYLOAD' && declared !== bodyHash)
    return { ok: false, code: 'XAmzContentSHA256Mismatch' }
  const s3 = (options.s3Services ?? ['s3']).includes(service!)
  const [rawPath, rawQuery = ''] = splitTarget(request.target)
  const canonical = [
    request.method,
    s3 ? rawPath : normalisedPath(rawPath),
    canonicalQuery(rawQuery),
    ...signed.map((name) => `${name}:${(request.headers[name] ?? '').trim().replace(/\s+/g, ' ')}`),
    '',
    signed.join(';'),
    declared ?? bodyHash,
  ].join('\n')
  const scope = `${day}/${region}/${service}/aws4_request`
  const toSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256(canonical)].join('\n')
  let signingKey: Buffer = hmac(`AWS4${key.secretAccessKey}`, day!)
  for (const part of [region!, service!, 'aws4_request']) signingKey = hmac(signingKey, part)
  if (hmac(signingKey, toSign).toString('hex') !== signature)
    return { ok: false, code: 'SignatureDoesNotMatch' }
  return {
    ok: true,
    accessKeyId: accessKeyId!,
    service: service!,
    region: region!,
    signedHeaders: signed,
  }
}

function sha256(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex')
}

function hmac(key: string | Buffer, data: string): Buffer {
  return createHmac('sha256', key).update(data, 'utf8').digest()
}

function splitTarget(target: string): [string, string] {
  const at = target.indexOf('?')
  return at === -1 ? [target, ''] : [target.slice(0, at), target.slice(at + 1)]
}

/** RFC 3986 unreserved characters stay; every other byte is %XX in upper case. */
function strictEncode(text: string): string {
  return encodeURIComponent(text).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  )
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text)
  } catch {
    return text
  }
}

/** Services other than S3: drop empty, `.` and `..` segments, then encode the (already encoded) path once more. */
function normalisedPath(raw: string): string {
  const segments: string[] = []
  for (const segment of raw.split('/')) {
    if (segment === '' || segment === '.') continue
    if (segment === '..') segments.pop()
    else segments.push(segment)
  }
  const trailing = raw.endsWith('/') && segments.length > 0 ? '/' : ''
  return `/${segments.map(strictEncode).join('/')}${trailing}`
}

function canonicalQuery(raw: string): string {
  return raw
    .split('&')
    .filter((pair) => pair !== '')
    .map((pair) => {
      const at = pair.indexOf('=')
      const name = at === -1 ? pair : pair.slice(0, at)
      const value = at === -1 ? '' : pair.slice(at + 1)
      return [strictEncode(safeDecode(name)), strictEncode(safeDecode(value))] as const
    })
    .sort(([a, x], [b, y]) => (a < b ? -1 : a > b ? 1 : x < y ? -1 : x > y ? 1 : 0))
    .map(([name, value]) => `${name}=${value}`)
    .join('&')
}

export interface AwsStandin {
  origin: string
  keys: Map<string, StandinKey>
  /** Every request, with the stand-in's verdict on its signature. */
  seen: (ReceivedRequest & { verdict: Verdict })[]
  /** AssumeRole calls answered (successful or not). */
  assumeRoleCalls: number
  /** Seconds the next AssumeRole credentials live (default 3600). */
  sessionSeconds: number
  /** Role ARNs the stand-in lets the long-lived keys assume, with the external id each requires (or null). */
  roles: Map<string, string | null>
  /** Delay before answering AssumeRole, to let concurrent reads pile up. */
  assumeRoleDelayMs: number
  close(): Promise<void>
}

/**
 * Answers like AWS: a bad signature → 403 with an AWS error document; STS's Query API at POST / (Action=…);
 * anything else that is signed right → 200 JSON echoing what arrived.
 */
export async function startAwsStandin(): Promise<AwsStandin> {
  const state: AwsStandin = {
    origin: '',
    keys: new Map(),
    seen: [],
    assumeRoleCalls: 0,
    sessionSeconds: 3600,
    roles: new Map(),
    assumeRoleDelayMs: 0,
    close: async () => undefined,
  }
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      const request = received(req, Buffer.concat(chunks))
      const verdict = verifySigV4(request, state.keys, { now: new Date() })
      state.seen.push({ ...request, verdict })
      if (!verdict.ok) return void sendXml(res, 403, errorXml(verdict.code))
      if (verdict.service === 'sts') return void answerSts(state, request, res)
      // A signed request the stand-in's IAM does not allow: AWS's AccessDenied, also a 403.
      if (request.target.startsWith('/api/forbidden'))
        return void sendXml(res, 403, errorXml('AccessDenied'))
      res.writeHead(200, { 'content-type': 'application/json' }).end(
        JSON.stringify({
          method: request.method,
          target: request.target,
          accessKeyId: verdict.accessKeyId,
          region: verdict.region,
          signedHeaders: verdict.signedHeaders,
          body: request.body.toString('utf8'),
        }),
      )
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  state.origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  state.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections()
      server.close(() => resolve())
    })
  return state
}

function received(req: IncomingMessage, body: Buffer): ReceivedRequest {
  const headers: Record<string, string> = {}
  for (const [name, values] of Object.entries(req.headersDistinct))
    if (values) headers[name] = values.join(',')
  return { method: req.method ?? '', target: req.url ?? '', headers, body }
}

function answerSts(state: AwsStandin, request: ReceivedRequest, res: ServerResponse): void {
  const form = new URLSearchParams(request.body.toString('utf8'))
  const action = form.get('Action')
  if (action === 'GetCallerIdentity')
    return void sendXml(
      res,
      200,
      `<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult><Arn>arn:aws:iam::123456789012:user/standin</Arn><UserId>AIDASTANDIN</UserId><Account>123456789012</Account></GetCallerIdentityResult></GetCallerIdentityResponse>`,
    )
  if (action !== 'AssumeRole') return void sendXml(res, 400, errorXml('InvalidAction'))
  state.assumeRoleCalls++
  const roleArn = form.get('RoleArn') ?? ''
  const wanted = state.roles.get(roleArn)
  const externalId = form.get('ExternalId')
  setTimeout(() => {
    if (wanted === undefined || (wanted !== null && wanted !== externalId))
      return void sendXml(res, 403, errorXml('AccessDenied'))
    const accessKeyId = `ASIA${randomBytes(8).toString('hex').toUpperCase()}`
    const key = {
      secretAccessKey: randomBytes(20).toString('base64'),
      sessionToken: randomBytes(48).toString('base64'),
    }
    state.keys.set(accessKeyId, key)
    const expiration = new Date(Date.now() + state.sessionSeconds * 1000).toISOString()
    sendXml(
      res,
      200,
      `<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><AssumeRoleResult><AssumedRoleUser><Arn>${roleArn}/${form.get('RoleSessionName')}</Arn></AssumedRoleUser><Credentials><AccessKeyId>${accessKeyId}</AccessKeyId><SecretAccessKey>${key.secretAccessKey}</SecretAccessKey><SessionToken>${key.sessionToken}</SessionToken><Expiration>${expiration}</Expiration></Credentials></AssumeRoleResult></AssumeRoleResponse>`,
    )
  }, state.assumeRoleDelayMs)
}

function errorXml(code: string): string {
  return `<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type><Code>${code}</Code><Message>refused by the stand-in</Message></Error><RequestId>standin</RequestId></ErrorResponse>`
}

function sendXml(res: ServerResponse, status: number, xml: string): void {
  res.writeHead(status, { 'content-type': 'text/xml' }).end(xml)
}
