// AWS Signature Version 4: the access key id and secret access key sign every proxied request (and the verification)
// instead of travelling in it. With a role ARN the keys only sign STS AssumeRole; the short-lived keys STS returns
// are the credential's minted token, cached like any other, and sign the requests.
import { fillTemplate, type App, type AwsSigV4Recipe } from '../../catalog/index.js'
import { AppError } from '../../errors.js'
import { CredentialRejected } from '../errors.js'
import type { AuthScheme, MintedToken, SchemeContext, SigningRequest } from '../types.js'
import { signSigV4, type AwsCredentials, type SigV4Options } from './signer.js'
import { assumeRole, REJECTING_STS_CODES, StsError } from './sts.js'

const DEFAULT_SESSION_SECONDS = 3600
/** A 64-hex SHA-256, or S3's UNSIGNED-PAYLOAD: a caller may hash a body it streams itself. */
const CALLER_PAYLOAD_HASH = /^([0-9a-f]{64}|UNSIGNED-PAYLOAD)$/

/** The headers signing sets: a caller's value for one of these is never signed as given. */
export const SIGV4_HEADERS = [
  'authorization',
  'x-amz-date',
  'x-amz-security-token',
  'x-amz-content-sha256',
] as const

export const awsSigV4: AuthScheme = {
  mints: (values) => Boolean(values.roleArn),
  async mint(context) {
    return assumeRoleToken(context)
  },
  async sign(request, context) {
    return signRequest(request, context)
  },
  bodyForSigning(app, headers) {
    return recipeOf(app).s3 || callerPayloadHash(headers) !== null ? 'none' : 'whole'
  },
  // AWS refuses an unknown key, a bad signature and a forbidden action alike with 403: the re-check
  // (GetCallerIdentity, which needs no permission) tells them apart.
  refusalStatuses: [403],
  // `authorization` is never forwarded anyway; `x-amz-content-sha256` is always replaced by `sign`.
  reservedHeaders: ['x-amz-date', 'x-amz-security-token'],
}

export function recipeOf(app: App): AwsSigV4Recipe {
  if (app.auth.type !== 'aws_sigv4') throw new Error(`${app.id} is not an aws_sigv4 app`)
  return app.auth
}

/** The keys that sign: STS's when a role was assumed (the token's values win over the typed ones), else typed. */
function credentialsOf(values: Readonly<Record<string, string>>): AwsCredentials {
  return {
    accessKeyId: values.accessKeyId ?? '',
    secretAccessKey: values.secretAccessKey ?? '',
    ...(values.sessionToken ? { sessionToken: values.sessionToken } : {}),
  }
}

function regionOf(recipe: AwsSigV4Recipe, values: Readonly<Record<string, string>>): string {
  const region = fillTemplate(recipe.region, values, { encode: false })
  if (!/^[a-z0-9-]{1,40}$/.test(region))
    throw new AppError(
      'invalid_credential_data',
      'The region of this credential is not an AWS region name (lower-case letters, digits and dashes).',
    )
  return region
}

/** The caller's own `x-amz-content-sha256` (it streams a body it has hashed), when well-formed. */
function callerPayloadHash(
  headers: Readonly<Record<string, string | string[] | undefined>>,
): string | null {
  const value = headers['x-amz-content-sha256']
  const text = Array.isArray(value) ? value.join(',') : value
  return text !== undefined && CALLER_PAYLOAD_HASH.test(text) ? text : null
}

/**
 * Signs one request: `host`, `content-type`, `content-md5` and every `x-amz-*` header the caller sent (S3 requires
 * all of them signed), plus what signing adds. Other headers go unsigned, so a hop that rewrites them
 * (`user-agent`, `accept-encoding`) cannot break the signature. The verification is signed for
 * `verificationService` when the recipe names one (STS GetCallerIdentity).
 */
export async function signRequest(
  request: SigningRequest,
  context: SchemeContext,
): Promise<Record<string, string>> {
  const recipe = recipeOf(context.app)
  const service =
    request.purpose === 'verification'
      ? (recipe.verificationService ?? recipe.service)
      : recipe.service
  const signed: Record<string, string> = {}
  for (const [name, value] of Object.entries(request.headers)) {
    if ((SIGV4_HEADERS as readonly string[]).includes(name)) continue
    if (name === 'content-type' || name === 'content-md5' || name.startsWith('x-amz-'))
      signed[name] = Array.isArray(value) ? value.join(',') : value
  }
  const ownHash = callerPayloadHash(request.headers)
  let payload: SigV4Options['payload']
  if (ownHash !== null) {
    signed['x-amz-content-sha256'] = ownHash
    payload = null // the header's value is the hash signed
  } else if (request.body === 'streamed') {
    if (!recipe.s3)
      throw new AppError(
        'payload_too_large',
        `${context.app.name} needs the body's SHA-256 in the signature: send it in x-amz-content-sha256, or a body the proxy can hold.`,
      )
    payload = 'unsigned'
  } else payload = request.body
  return signSigV4(
    {
      method: request.method,
      host: request.url.host,
      path: request.url.pathname,
      query: request.url.search.slice(1),
      headers: signed,
    },
    {
      credentials: credentialsOf(context.values),
      service,
      region: regionOf(recipe, context.values),
      now: context.now(),
      payload,
      s3Path: recipe.s3 === true && service === recipe.service,
    },
  )
}

/** STS AssumeRole with the typed keys; the temporary keys become the credential's token until they expire. */
async function assumeRoleToken(context: SchemeContext): Promise<MintedToken> {
  const recipe = recipeOf(context.app)
  const sts = recipe.assumeRole
  const { values } = context
  if (!sts || !values.roleArn) throw new Error(`${context.app.id}: nothing to mint without a role`)
  try {
    const now = context.now()
    const credentials = await assumeRole(context.fetch, {
      endpoint: fillTemplate(sts.endpoint, values, { encode: true }),
      region: sts.region
        ? fillTemplate(sts.region, values, { encode: false })
        : regionOf(recipe, values),
      credentials: credentialsOf(values),
      roleArn: values.roleArn,
      ...(values.externalId ? { externalId: values.externalId } : {}),
      sessionName: `keyport-${Math.floor(now.getTime() / 1000)}`,
      durationSeconds: sts.durationSeconds ?? DEFAULT_SESSION_SECONDS,
      now,
    })
    return {
      values: {
        accessKeyId: credentials.accessKeyId,
        secretAccessKey: credentials.secretAccessKey,
        sessionToken: credentials.sessionToken,
      },
      expiresAt: credentials.expiration,
      metadata: {},
    }
  } catch (error) {
    if (error instanceof StsError && REJECTING_STS_CODES.has(error.code))
      throw new CredentialRejected(error.code, { cause: error })
    throw error
  }
}
