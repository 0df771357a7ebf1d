// AWS Signature Version 4 (AWS services, S3-compatible stores): signing with AWS's own implementation
// (@smithy/signature-v4), STS AssumeRole for credentials with a role, and the scheme the registry runs.
// Owns: the canonical request choices Keyport makes (what is signed, the payload hash, S3's path rule).
// Must not: touch the database, log, or put a key in a header other than the signature's own.
export { awsSigV4 } from './scheme.js'
export { signSigV4, UNSIGNED_PAYLOAD, type AwsCredentials, type SigV4Request } from './signer.js'
export { assumeRole, StsError, type StsCredentials } from './sts.js'
