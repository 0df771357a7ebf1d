import { createHash, createHmac, type Hash, type Hmac } from 'node:crypto'
import { SignatureV4 } from '@smithy/signature-v4'

/** Long-lived keys of an IAM user, or the temporary ones STS hands out (with their session token). */
export interface AwsCredentials {
  accessKeyId: string
  secretAccessKey: string
  sessionToken?: string
}

/** A request as it goes on the wire: the path and query still percent-encoded, as sent. */
export interface SigV4Request {
  method: string
  /** `host` or `host:port`, as in the Host header (URL.host). */
  host: string
  path: string
  /** Without `?`; '' when none. */
  query: string
  /** The headers to sign besides `host` and the ones signing adds; names in any case. */
  headers: Readonly<Record<string, string>>
}

export interface SigV4Options {
  credentials: AwsCredentials
  /** The signing name (`ses`, `s3`, `sqs`, `bedrock`, `sts`), not always the endpoint's first label. */
  service: string
  region: string
  now: Date
  /**
   * The body's bytes (hashed), null for none, or `unsigned`: `x-amz-content-sha256: UNSIGNED-PAYLOAD`, which S3 and
   * S3-compatible stores accept for a body Keyport streams without holding it.
   */
  payload: Buffer | string | null | 'unsigned'
  /**
   * S3 signs the path as sent (encoded once); every other service normalises it and encodes it once more (AWS
   * General Reference, "Create a canonical request").
   */
  s3Path?: boolean
  /** Add and sign `x-amz-content-sha256` (S3 requires it; other services accept it). Default true. */
  contentSha256Header?: boolean
}

export const UNSIGNED_PAYLOAD = 'UNSIGNED-PAYLOAD'

/**
 * Signs one request with AWS Signature Version 4 (AWS's own implementation, @smithy/signature-v4) and returns the
 * headers to send with it: `authorization`, `x-amz-date`, and where they apply `x-amz-content-sha256` and
 * `x-amz-security-token`. The secret access key is used only inside the HMAC chain; it is in none of them.
 */
export async function signSigV4(
  request: SigV4Request,
  options: SigV4Options,
): Promise<Record<string, string>> {
  const signer = new SignatureV4({
    credentials: options.credentials,
    region: options.region,
    service: options.service,
    sha256: NodeSha256,
    uriEscapePath: !options.s3Path,
    applyChecksum: options.contentSha256Header ?? true,
  })
  const headers: Record<string, string> = { host: request.host }
  for (const [name, value] of Object.entries(request.headers)) headers[name.toLowerCase()] = value
  if (options.payload === 'unsigned') headers['x-amz-content-sha256'] = UNSIGNED_PAYLOAD
  const signed = await signer.sign(
    {
      method: request.method.toUpperCase(),
      protocol: 'https:',
      // Only the Host header is signed; the signer needs no other part of the address.
      hostname: request.host,
      path: request.path,
      query: parseQuery(request.query),
      headers,
      body: options.payload === 'unsigned' ? undefined : (options.payload ?? undefined),
    },
    { signingDate: options.now, signingRegion: options.region, signingService: options.service },
  )
  const added: Record<string, string> = {}
  for (const name of ADDED_HEADERS) {
    const value = signed.headers[name]
    if (value !== undefined) added[name] = value
  }
  return added
}

const ADDED_HEADERS = [
  'authorization',
  'x-amz-date',
  'x-amz-content-sha256',
  'x-amz-security-token',
] as const

/**
 * The query as AWS canonicalises it: each name and value percent-decoded (a `+` stays a plus: AWS's SDKs send a
 * space as %20), so the signer encodes them again the strict RFC 3986 way. Repeated names keep every value.
 */
export function parseQuery(query: string): Record<string, string | string[]> {
  const parsed: Record<string, string | string[]> = Object.create(null) as Record<
    string,
    string | string[]
  >
  for (const pair of query.split('&')) {
    if (pair === '') continue
    const at = pair.indexOf('=')
    const name = decode(at === -1 ? pair : pair.slice(0, at))
    const value = at === -1 ? '' : decode(pair.slice(at + 1))
    const seen = parsed[name]
    parsed[name] = seen === undefined ? value : [...(Array.isArray(seen) ? seen : [seen]), value]
  }
  return parsed
}

function decode(text: string): string {
  try {
    return decodeURIComponent(text)
  } catch {
    return text // not percent-encoding after all: signed as written, as AWS reads it
  }
}

/** SHA-256, or HMAC-SHA256 when given a key: the hash the signer is built over, from node:crypto. */
class NodeSha256 {
  private readonly hash: Hash | Hmac

  constructor(secret?: string | ArrayBuffer | ArrayBufferView) {
    this.hash = secret === undefined ? createHash('sha256') : createHmac('sha256', toBytes(secret))
  }

  update(data: string | ArrayBuffer | ArrayBufferView): void {
    this.hash.update(toBytes(data))
  }

  digest(): Promise<Uint8Array> {
    return Promise.resolve(this.hash.digest())
  }
}

function toBytes(data: string | ArrayBuffer | ArrayBufferView): Buffer {
  if (typeof data === 'string') return Buffer.from(data, 'utf8')
  if (ArrayBuffer.isView(data)) return Buffer.from(data.buffer, data.byteOffset, data.byteLength)
  return Buffer.from(data)
}
