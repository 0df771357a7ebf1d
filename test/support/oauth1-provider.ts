// A stand-in OAuth 1.0a server (RFC 5849) on loopback that VERIFIES every signature, using the `oauth-sign` package
// (the signer `request` shipped) as an independent implementation, so Keyport's signer is checked against another
// one rather than against itself. Endpoints: request token (§2.1), an authorize page (§2.2), access token (§2.3),
// and protected resources under /api/ that echo what they verified. Nonces are single use, timestamps ±5 minutes.
import { randomBytes } from 'node:crypto'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
// @ts-expect-error oauth-sign ships no types; sign(method, httpMethod, baseURI, params, consumerSecret, tokenSecret)
import oauthSign from 'oauth-sign'

const sign = (oauthSign as { sign: (...args: unknown[]) => string }).sign

interface Consumer {
  secret: string
}
interface TokenRecord {
  secret: string
  consumerKey: string
}
interface TemporaryRecord extends TokenRecord {
  callback: string
  verifier: string | null
  used: boolean
}

/** What a protected resource saw, once its signature checked out. */
export interface VerifiedRequest {
  method: string
  path: string
  /** The decoded query and form-body parameters the signature covered (oauth_* excluded). */
  parameters: [string, string][]
  realm: string | null
  signatureMethod: string
  token: string
  contentType: string | null
  body: string
}

export interface OAuth1Provider {
  /** http://127.0.0.1:<port> */
  url: string
  consumerKey: string
  consumerSecret: string
  /** Token credentials issued by the flow, or added by `addToken` (NetSuite-style TBA tokens). */
  tokens: Map<string, TokenRecord>
  /** Every protected-resource request whose signature verified. */
  verified: VerifiedRequest[]
  /** Every refusal: why (`signature_invalid`, `nonce_used`, ...) and where. */
  refusals: { path: string; problem: string }[]
  addToken(consumerKey: string, consumerSecret: string): { token: string; tokenSecret: string }
  /** Plays the user on the authorize page (RFC 5849 §2.2): allows or denies; returns the callback it redirects to. */
  authorize(authorizationURL: string, options?: { deny?: boolean }): Promise<URL>
  close(): Promise<void>
}

const random = (bytes = 12) => randomBytes(bytes).toString('hex')

/** RFC 5849 §3.5.1: `OAuth realm="…", name="value", …`, values percent-encoded. */
function parseAuthorization(header: string | undefined): Map<string, string> | null {
  if (!header || !/^OAuth\s/i.test(header)) return null
  const parameters = new Map<string, string>()
  for (const part of header.replace(/^OAuth\s+/i, '').split(',')) {
    const match = /^\s*([^=\s]+)="([^"]*)"\s*$/.exec(part)
    if (!match) return null
    if (parameters.has(match[1]!)) return null // §3.2: duplicated protocol parameters are refused
    parameters.set(decodeURIComponent(match[1]!), decodeURIComponent(match[2]!))
  }
  return parameters
}

function formParams(text: string): [string, string][] {
  return [...new URLSearchParams(text)]
}

export async function startOAuth1Provider(
  options: { signatureMethods?: string[]; realm?: string } = {},
): Promise<OAuth1Provider> {
  const methods = new Set(options.signatureMethods ?? ['HMAC-SHA1', 'HMAC-SHA256', 'PLAINTEXT'])
  const consumerKey = `ck_${random()}`
  const consumerSecret = `cs_${random()}`
  const consumers = new Map<string, Consumer>([[consumerKey, { secret: consumerSecret }]])
  const temporary = new Map<string, TemporaryRecord>()
  const tokens = new Map<string, TokenRecord>()
  const nonces = new Set<string>()
  const verified: VerifiedRequest[] = []
  const refusals: OAuth1Provider['refusals'] = []

  /** Checks the request's signature; answers 401 with oauth_problem and returns null when it fails. */
  function verify(
    req: IncomingMessage,
    res: ServerResponse,
    body: string,
    tokenSecretOf: (token: string | undefined) => string | null,
  ): Map<string, string> | null {
    const path = (req.url ?? '/').split('?')[0]!
    const refuse = (problem: string) => {
      refusals.push({ path, problem })
      res.writeHead(401, { 'content-type': 'application/x-www-form-urlencoded' })
      res.end(`oauth_problem=${problem}`)
      return null
    }
    const protocol = parseAuthorization(req.headers.authorization)
    if (!protocol) return refuse('parameter_absent')
    const consumer = consumers.get(protocol.get('oauth_consumer_key') ?? '')
    if (!consumer) return refuse('consumer_key_unknown')
    const method = protocol.get('oauth_signature_method') ?? ''
    if (!methods.has(method)) return refuse('signature_method_rejected')
    const timestamp = Number(protocol.get('oauth_timestamp'))
    if (!Number.isInteger(timestamp) || Math.abs(timestamp - Date.now() / 1000) > 300)
      return refuse('timestamp_refused')
    const nonce = `${timestamp}:${protocol.get('oauth_nonce')}:${protocol.get('oauth_token') ?? ''}`
    if (!protocol.get('oauth_nonce') || nonces.has(nonce)) return refuse('nonce_used')
    const tokenSecret = tokenSecretOf(protocol.get('oauth_token'))
    if (tokenSecret === null) return refuse('token_rejected')
    // The parameters the signature covers: query, form body (only when form-encoded), protocol minus realm/signature.
    const params: Record<string, string | string[]> = {}
    const add = (name: string, value: string) => {
      const existing = params[name]
      params[name] =
        existing === undefined ? value : ([] as string[]).concat(existing as string, value)
    }
    const url = new URL(req.url ?? '/', 'http://placeholder')
    for (const [k, v] of url.searchParams) add(k, v)
    const form = (req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded')
    if (form) for (const [k, v] of formParams(body)) add(k, v)
    for (const [k, v] of protocol) if (k !== 'realm' && k !== 'oauth_signature') add(k, v)
    // §3.4.1.2: the base string URI from the Host header as received (port kept: it is not the default).
    const baseURI = `http://${(req.headers.host ?? '').toLowerCase()}${url.pathname}`
    const expected = sign(
      method,
      req.method,
      baseURI,
      params,
      consumer.secret,
      tokenSecret,
    ) as string
    if (expected !== protocol.get('oauth_signature')) return refuse('signature_invalid')
    nonces.add(nonce)
    return protocol
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = []
    for await (const chunk of req) chunks.push(chunk as Buffer)
    const body = Buffer.concat(chunks).toString('utf8')
    const url = new URL(req.url ?? '/', 'http://placeholder')
    const formEncoded = (res: ServerResponse, text: string) => {
      res.writeHead(200, { 'content-type': 'application/x-www-form-urlencoded' })
      res.end(text)
    }

    if (req.method === 'POST' && url.pathname === '/oauth/request_token') {
      const protocol = verify(req, res, body, (token) => (token === undefined ? '' : null))
      if (!protocol) return
      const callback = protocol.get('oauth_callback')
      if (!callback) {
        res
          .writeHead(400)
          .end('oauth_problem=parameter_absent&oauth_parameters_absent=oauth_callback')
        return
      }
      const token = `rt_${random()}`
      const secret = `rts_${random()}`
      temporary.set(token, {
        secret,
        consumerKey: protocol.get('oauth_consumer_key')!,
        callback,
        verifier: null,
        used: false,
      })
      return formEncoded(
        res,
        `oauth_token=${token}&oauth_token_secret=${secret}&oauth_callback_confirmed=true`,
      )
    }

    if (url.pathname === '/oauth/authorize') {
      const record = temporary.get(url.searchParams.get('oauth_token') ?? '')
      if (!record || record.used) {
        res.writeHead(400, { 'content-type': 'text/html' }).end('<p>Unknown request token</p>')
        return
      }
      const token = url.searchParams.get('oauth_token')!
      if (req.method === 'GET') {
        res.writeHead(200, { 'content-type': 'text/html' })
        res.end(
          `<!doctype html><title>Stand-in provider</title><h1>Allow access?</h1>` +
            `<p>scope=${url.searchParams.get('scope') ?? ''}</p>` +
            `<form method="post"><input type="hidden" name="oauth_token" value="${token}">` +
            `<button name="decision" value="allow" id="allow">Allow</button>` +
            `<button name="decision" value="deny" id="deny">Deny</button></form>`,
        )
        return
      }
      const decision = new URLSearchParams(body).get('decision')
      const callback = new URL(record.callback)
      callback.searchParams.set('oauth_token', token)
      if (decision === 'allow') {
        record.verifier = `v_${random()}`
        callback.searchParams.set('oauth_verifier', record.verifier)
      } else callback.searchParams.set('denied', token)
      res.writeHead(302, { location: callback.href }).end()
      return
    }

    if (req.method === 'POST' && url.pathname === '/oauth/access_token') {
      let record: TemporaryRecord | undefined
      const protocol = verify(req, res, body, (token) => {
        record = temporary.get(token ?? '')
        return record && !record.used ? record.secret : null
      })
      if (!protocol || !record) return
      if (!record.verifier || protocol.get('oauth_verifier') !== record.verifier) {
        refusals.push({ path: url.pathname, problem: 'verifier_invalid' })
        res.writeHead(401).end('oauth_problem=verifier_invalid')
        return
      }
      record.used = true // §2: temporary credentials are revoked after one use
      const issued = { token: `at_${random()}`, tokenSecret: `ats_${random()}` }
      tokens.set(issued.token, { secret: issued.tokenSecret, consumerKey: record.consumerKey })
      return formEncoded(
        res,
        `oauth_token=${issued.token}&oauth_token_secret=${issued.tokenSecret}&user_id=42&screen_name=jane`,
      )
    }

    if (url.pathname.startsWith('/api/')) {
      let tokenRecord: TokenRecord | undefined
      const protocol = verify(req, res, body, (token) => {
        tokenRecord = tokens.get(token ?? '')
        return tokenRecord?.secret ?? null
      })
      if (!protocol) return
      if (options.realm !== undefined && protocol.get('realm') !== options.realm) {
        refusals.push({ path: url.pathname, problem: 'realm_mismatch' })
        res.writeHead(401).end('oauth_problem=realm_mismatch')
        return
      }
      const contentType = req.headers['content-type'] ?? null
      const form = contentType?.startsWith('application/x-www-form-urlencoded') ?? false
      const record: VerifiedRequest = {
        method: req.method ?? '',
        path: url.pathname,
        parameters: [...url.searchParams, ...(form ? formParams(body) : [])],
        realm: protocol.get('realm') ?? null,
        signatureMethod: protocol.get('oauth_signature_method')!,
        token: protocol.get('oauth_token')!,
        contentType,
        body,
      }
      verified.push(record)
      res.writeHead(200, { 'content-type': 'application/json' })
      res.end(JSON.stringify({ ok: true, user: 'jane', parameters: record.parameters }))
      return
    }
    res.writeHead(404).end()
  }

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      res.writeHead(500).end(String(error))
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    consumerKey,
    consumerSecret,
    tokens,
    verified,
    refusals,
    addToken(key, secret) {
      consumers.set(key, { secret })
      const issued = { token: `tba_${random()}`, tokenSecret: `tbas_${random()}` }
      tokens.set(issued.token, { secret: issued.tokenSecret, consumerKey: key })
      return issued
    },
    async authorize(authorizationURL, authorizeOptions = {}) {
      const answer = await fetch(authorizationURL, {
        method: 'POST',
        body: new URLSearchParams({ decision: authorizeOptions.deny ? 'deny' : 'allow' }),
        redirect: 'manual',
      })
      if (answer.status !== 302) throw new Error(`the authorize page answered ${answer.status}`)
      return new URL(answer.headers.get('location')!)
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}
