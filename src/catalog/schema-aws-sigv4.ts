// AWS Signature Version 4 (AWS services and S3-compatible stores): the access key id and secret access key sign
// every request instead of travelling in it. src/auth-schemes/aws-sigv4 runs it.
import { Type } from '@sinclair/typebox'
import { Field, Templated, Unverifiable, Verification } from './schema-parts.js'

/** An AWS signing name: `ses`, `s3`, `sqs`, `bedrock`, `sts`. */
const SigningName = Type.String({ pattern: '^[a-z0-9][a-z0-9-]{0,39}$' })

/**
 * The fields must include `accessKeyId` and a secret `secretAccessKey`; a secret `sessionToken` (temporary keys
 * typed as they are), and `roleArn` with `externalId` (with `assumeRole`) are optional.
 */
export const AwsSigV4Recipe = Type.Object(
  {
    type: Type.Literal('aws_sigv4'),
    fields: Type.Array(Field, { minItems: 2 }),
    /** The service's signing name, from its API reference or SDK model (not always the host's first label). */
    service: SigningName,
    /** The signing region: `{region}` from a field, or fixed (`us-east-1`; `auto` for Cloudflare R2). */
    region: Templated,
    /**
     * Amazon S3 and S3-compatible stores: the path is signed as sent (every other service signs it normalised and
     * encoded once more), and a body the proxy streams is signed `UNSIGNED-PAYLOAD`.
     */
    s3: Type.Optional(Type.Boolean()),
    /**
     * With a `roleArn` field filled, the typed keys only sign STS AssumeRole here, and the temporary keys it returns
     * (cached sealed until shortly before they expire) sign the requests.
     */
    assumeRole: Type.Optional(
      Type.Object(
        {
          /** The STS endpoint, `{field}` placeholders filled: `https://sts.{region}.amazonaws.com`. */
          endpoint: Templated,
          /** STS's signing region when it differs from `region`. */
          region: Type.Optional(Templated),
          /** 900 s up to the role's maximum session (1–12 h); default 3600. */
          durationSeconds: Type.Optional(Type.Integer({ minimum: 900, maximum: 43200 })),
        },
        { additionalProperties: false },
      ),
    ),
    /** Signed like a proxied request (STS GetCallerIdentity, or ListBuckets on a store). */
    verification: Type.Optional(Verification),
    /** The verification's signing name when it calls another service than `service` (`sts`). */
    verificationService: Type.Optional(SigningName),
    unverifiable: Type.Optional(Unverifiable),
    /** Seconds between scheduled checks; default one day. */
    checkIntervalSeconds: Type.Optional(Type.Integer({ minimum: 300 })),
  },
  { additionalProperties: false },
)
