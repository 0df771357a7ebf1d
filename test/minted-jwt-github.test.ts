// JWT bearer (RFC 7523) and GitHub App installation tokens against loopback stand-ins that verify what Keyport
// signs with jose: the assertion's signature, iss/sub/aud/exp and lifetime; the app JWT's iss, lifetime and key.
import { createPublicKey } from 'node:crypto'
import type { IncomingMessage } from 'node:http'
import { jwtVerify, decodeProtectedHeader } from 'jose'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { TEST_DATABASES } from './support/databases.js'
import { startHarness, type Harness } from './support/harness.js'
import { startLocalServer, writeCatalogDir, type LocalServer } from './support/local-app.js'
import {
  ageToken,
  capturedLogger,
  createUser,
  expectNoLeak,
  readSecretTimes,
  rsaKeyPair,
} from './support/minted.js'

const SA_EMAIL = 'keyport-test@project.iam.gserviceaccount.com'
const APP_ID = '424242'
const INSTALLATION = '9000001'

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => resolve(Buffer.concat(chunks).toString()))
  })
}

describe.each(TEST_DATABASES)('JWT bearer and GitHub App on $name', (database) => {
  const serviceAccount = rsaKeyPair()
  const gitHubKey = rsaKeyPair()
  const stranger = rsaKeyPair()
  let tokenServer: LocalServer
  let gitHub: LocalServer
  let h: Harness
  let skewMs = 0
  let jwtMints = 0
  let gitHubMints = 0
  let installed = true
  const assertions: { sub?: unknown; scope?: unknown; kid?: string }[] = []
  const issued = new Set<string>()
  const responses: string[] = []
  const captured = capturedLogger()
  let userId: string

  beforeAll(async () => {
    tokenServer = await startLocalServer((req, res) => {
      void (async () => {
        const form = new URLSearchParams(await readBody(req))
        const answer = (status: number, body: object) =>
          res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body))
        if (form.get('grant_type') !== 'urn:ietf:params:oauth:grant-type:jwt-bearer')
          return answer(400, { error: 'unsupported_grant_type' })
        const assertion = form.get('assertion') ?? ''
        try {
          const { payload } = await jwtVerify(
            assertion,
            createPublicKey(serviceAccount.publicKey),
            {
              issuer: SA_EMAIL,
              audience: `${tokenServer.url}/token`,
              algorithms: ['RS256'],
              requiredClaims: ['exp', 'iat', 'jti'],
            },
          )
          if (payload.exp! - payload.iat! > 3600) return answer(400, { error: 'invalid_grant' })
          assertions.push({
            sub: payload.sub,
            scope: payload.scope,
            kid: decodeProtectedHeader(assertion).kid,
          })
        } catch (error) {
          return answer(400, { error: 'invalid_grant', error_description: (error as Error).name })
        }
        jwtMints++
        const token = `ya29.test-${jwtMints}-${Math.random().toString(36).slice(2)}`
        issued.add(token)
        answer(200, { access_token: token, token_type: 'Bearer', expires_in: 3599 })
      })()
    })
    gitHub = await startLocalServer((req, res) => {
      void (async () => {
        await readBody(req)
        const answer = (status: number, body: object) =>
          res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body))
        const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1] ?? ''
        if (req.method === 'GET') return answer(issued.has(bearer) ? 200 : 401, { total_count: 1 })
        const match = /^\/app\/installations\/(\d+)\/access_tokens$/.exec(req.url ?? '')
        if (req.method !== 'POST' || !match) return answer(404, { message: 'Not Found' })
        try {
          const { payload } = await jwtVerify(bearer, createPublicKey(gitHubKey.publicKey), {
            issuer: APP_ID,
            algorithms: ['RS256'],
            // GitHub: iat may be back-dated for drift; exp at most 10 minutes after iat.
            clockTolerance: 0,
          })
          if (payload.exp! - payload.iat! > 600) return answer(401, { message: 'exp too far' })
        } catch {
          return answer(401, { message: 'A JSON web token could not be decoded' })
        }
        if (!installed || match[1] !== INSTALLATION) return answer(404, { message: 'Not Found' })
        gitHubMints++
        const token = `ghs_test${gitHubMints}${Math.random().toString(36).slice(2)}`
        issued.add(token)
        answer(201, {
          token,
          expires_at: new Date(Date.now() + 3_600_000).toISOString().replace(/\.\d+Z$/, 'Z'),
        })
      })()
    })
    const catalogDir = writeCatalogDir([
      {
        id: 'local-service-account',
        name: 'Local Service Account',
        categories: ['other'],
        docsURL: 'https://example.com/docs',
        confirmation: 'unconfirmed',
        auth: {
          type: 'jwt_bearer',
          fields: [
            {
              name: 'serviceAccountKey',
              displayName: 'Service account key (JSON)',
              secret: true,
              multiline: true,
            },
            { name: 'subject', displayName: 'User to act as', secret: false, required: false },
          ],
          keyFile: {
            field: 'serviceAccountKey',
            values: {
              privateKey: 'private_key',
              clientEmail: 'client_email',
              keyId: 'private_key_id',
            },
          },
          tokenURL: `${tokenServer.url}/token`,
          scopes: ['https://www.example.com/auth/drive.readonly'],
          assertion: {
            algorithm: 'RS256',
            issuer: '{clientEmail}',
            subject: '{subject}',
            audience: `${tokenServer.url}/token`,
            keyId: '{keyId}',
            lifetimeSeconds: 3600,
            scopeClaim: 'scope',
          },
          verification: {
            method: 'GET',
            url: `${gitHub.url}/check`,
            headers: { Authorization: 'Bearer {accessToken}' },
          },
        },
        api: { baseURL: gitHub.url },
      },
      {
        id: 'local-github-app',
        name: 'Local GitHub App',
        categories: ['developer-tools'],
        docsURL: 'https://example.com/docs',
        confirmation: 'unconfirmed',
        auth: {
          type: 'github_app',
          fields: [
            { name: 'appId', displayName: 'App ID', secret: false, pattern: '[0-9]{1,12}' },
            { name: 'privateKey', displayName: 'Private key', secret: true, multiline: true },
            { name: 'installationId', displayName: 'Installation ID', secret: false },
          ],
          tokenURL: `${gitHub.url}/app/installations/{installationId}/access_tokens`,
          verification: {
            method: 'GET',
            url: `${gitHub.url}/installation/repositories`,
            headers: { Authorization: 'Bearer {accessToken}' },
          },
        },
        api: { baseURL: gitHub.url },
      },
    ])
    h = await startHarness(database, {
      catalogDirs: [catalogDir],
      trustedPrivateHosts: ['127.0.0.1'],
      now: () => new Date(Date.now() + skewMs),
      build: { logger: captured.logger },
    })
    userId = await createUser(h, 'minted-user')
  })
  afterAll(async () => {
    await h?.close()
    await Promise.all([tokenServer?.close(), gitHub?.close()])
  })

  async function call(method: string, url: string, body?: unknown) {
    const response = await h.request(method, url, body === undefined ? {} : { body })
    responses.push(response.body + JSON.stringify(response.headers))
    return response
  }

  const keyFile = (privateKey: string) =>
    JSON.stringify({
      type: 'service_account',
      project_id: 'project',
      private_key_id: 'kid-0123',
      private_key: privateKey,
      client_email: SA_EMAIL,
      token_uri: 'https://oauth2.googleapis.com/token',
    })

  const connectServiceAccount = (privateKey: string, subject?: string) =>
    call('POST', '/v1/credentials', {
      userId,
      app: 'local-service-account',
      data: { serviceAccountKey: keyFile(privateKey), ...(subject ? { subject } : {}) },
    })

  const connectGitHub = (privateKey: string) =>
    call('POST', '/v1/credentials', {
      userId,
      app: 'local-github-app',
      data: { appId: APP_ID, privateKey, installationId: INSTALLATION },
    })

  it('JWT bearer: a key file signs an assertion the server verifies; /secret hands out the token only', async () => {
    const created = await connectServiceAccount(serviceAccount.privateKey, 'admin@example.com')
    expect(created.statusCode, created.body).toBe(201)
    expect(assertions.at(-1)).toEqual({
      sub: 'admin@example.com', // domain-wide delegation
      scope: 'https://www.example.com/auth/drive.readonly',
      kid: 'kid-0123',
    })
    const { credentialId } = created.json() as { credentialId: string }
    const secret = await call('GET', `/v1/credentials/${credentialId}/secret`)
    const data = (secret.json() as { data: Record<string, string> }).data
    expect(Object.keys(data).sort()).toEqual(['accessToken', 'expiresAt', 'tokenType'])
    expect(issued.has(data.accessToken!)).toBe(true)
    // Without a subject, no sub claim.
    expect((await connectServiceAccount(serviceAccount.privateKey)).statusCode).toBe(201)
    expect(assertions.at(-1)!.sub).toBeUndefined()
  })

  it('JWT bearer: a public key, garbage or a non-JSON file is refused with 422 naming the field', async () => {
    const before = jwtMints
    for (const privateKey of [serviceAccount.publicKey, 'not a key at all']) {
      const refused = await connectServiceAccount(privateKey)
      expect(refused.statusCode).toBe(422)
      expect(refused.json().error.fields[0].field).toBe('serviceAccountKey')
    }
    const notJSON = await call('POST', '/v1/credentials', {
      userId,
      app: 'local-service-account',
      data: { serviceAccountKey: serviceAccount.privateKey },
    })
    expect(notJSON.statusCode).toBe(422)
    expect(notJSON.json().error.fields[0].field).toBe('serviceAccountKey')
    expect(jwtMints).toBe(before)
  })

  it('JWT bearer: the server refusing a wrong key or an expired assertion is a 422, nothing stored', async () => {
    const wrongKey = await connectServiceAccount(stranger.privateKey)
    expect(wrongKey.statusCode).toBe(422)
    expect(wrongKey.json().error.code).toBe('credential_verification_failed')
    skewMs = -2 * 3_600_000 // Keyport's clock two hours behind: the assertion is expired on arrival
    try {
      const expired = await connectServiceAccount(serviceAccount.privateKey)
      expect(expired.statusCode).toBe(422)
      expect(expired.json().error.message).toContain('invalid_grant')
    } finally {
      skewMs = 0
    }
  })

  it('GitHub App: the app JWT buys an installation token; a public key is refused naming privateKey', async () => {
    const created = await connectGitHub(gitHubKey.privateKey)
    expect(created.statusCode, created.body).toBe(201)
    const { credentialId } = created.json() as { credentialId: string }
    const secret = await call('GET', `/v1/credentials/${credentialId}/secret`)
    const body = secret.json() as { expiresAt: string; data: Record<string, string> }
    expect(body.data.accessToken).toMatch(/^ghs_test/)
    expect(Date.parse(body.expiresAt) - Date.now()).toBeGreaterThan(3_500_000)
    const proxied = await call('GET', `/v1/proxy/${credentialId}/installation/repositories`)
    expect(proxied.statusCode).toBe(200) // the stand-in accepted the injected Bearer token
    const publicKey = await connectGitHub(gitHubKey.publicKey)
    expect(publicKey.statusCode).toBe(422)
    expect(publicKey.json().error.fields[0].field).toBe('privateKey')
    const wrongKey = await connectGitHub(stranger.privateKey)
    expect(wrongKey.statusCode).toBe(422)
    expect(wrongKey.json().error.code).toBe('credential_verification_failed')
  })

  it('20 concurrent reads of an expired token cause exactly one token request, for each scheme', async () => {
    for (const [connect, count] of [
      [() => connectServiceAccount(serviceAccount.privateKey), () => jwtMints],
      [() => connectGitHub(gitHubKey.privateKey), () => gitHubMints],
    ] as const) {
      const { credentialId } = (await connect()).json() as { credentialId: string }
      await ageToken(h, credentialId)
      const before = count()
      const reads = await readSecretTimes(h, credentialId, 20)
      expect(count()).toBe(before + 1)
      expect(reads.every((r) => r.statusCode === 200)).toBe(true)
      expect(new Set(reads.map((r) => JSON.parse(r.body).data.accessToken)).size).toBe(1)
      responses.push(...reads.map((r) => r.body))
    }
  })

  it('GitHub App: an uninstalled app (404) expires the credential with mint_rejected', async () => {
    const { credentialId } = (await connectGitHub(gitHubKey.privateKey)).json() as {
      credentialId: string
    }
    await ageToken(h, credentialId)
    installed = false
    try {
      const read = await call('GET', `/v1/credentials/${credentialId}/secret`)
      expect(read.statusCode).toBe(409)
    } finally {
      installed = true
    }
    const row = await h.store.db
      .selectFrom('credential')
      .selectAll()
      .where('id', '=', credentialId)
      .executeTakeFirstOrThrow()
    expect(row.expiredReason).toBe('mint_rejected')
  })

  it('never lets a private key reach a response, a log line or a table', async () => {
    await expectNoLeak(h, {
      needles: [serviceAccount.marker, gitHubKey.marker],
      responses,
      log: captured.text(),
      seen: APP_ID,
    })
  })
})
