import type { IncomingHttpHeaders } from 'node:http'
import { finished, Readable } from 'node:stream'
import type { Dispatcher } from 'undici'
import type { App } from '../catalog/index.js'
import {
  checkCredential,
  currentAccessToken,
  freshCredential,
  openCredentialSecret,
  readActiveCredential,
  signingSecrets,
  type Actor,
  type CredentialDeps,
  type CredentialSecret,
  type EnsureFresh,
  type Refresher,
} from '../credentials/index.js'
import { AppError } from '../errors.js'
import { authScheme, type AuthScheme } from '../auth-schemes/index.js'
import type { CredentialRow } from '../store/index.js'
import type { ProxyOutcome } from '../metrics/index.js'
import { outboundRefusal } from '../net/index.js'
import { BodyTooLarge, declaredLength, holdBody, keepBody, limited, tooLarge } from './body.js'
import { forwardedRequestHeaders, returnedResponseHeaders, type HeaderList } from './headers.js'
import { joinTarget, proxyPath } from './path.js'
import { Deadline, UpstreamTimeout } from './deadline.js'
import type { Opened } from './opened.js'
import type { ProxyRuntime } from './runtime.js'
import { buildInjection, requireApi, templateValues, withInjectedQuery } from './target.js'

export const PROXY_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'] as const
export type ProxyMethod = (typeof PROXY_METHODS)[number]
/** RFC 9110 §9.2.2: the methods Keyport may send twice on its own (`Keyport-Retry`). */
const IDEMPOTENT = new Set<string>(['GET', 'HEAD', 'PUT', 'DELETE'])
const RETRYABLE = new Set([429, 503])
const MAX_RETRIES = 3
/** A token obtained this recently that gets a 401 is not stale: refreshing again would not help. */
const YOUNG_TOKEN_MS = 30_000

export interface ProxyDeps extends CredentialDeps {
  ensureFresh?: EnsureFresh
  refresher: Refresher
  proxy: ProxyRuntime
}

/** Who is calling: an API key, or an agent acting through one of its tokens (kept in the audit row). */
export interface ProxyActor extends Actor {
  agentTokenId?: string | null
}

export interface ProxyInput {
  credentialId: string
  method: string
  /** Everything after `/v1/proxy/{credentialId}/`, as sent: still percent-encoded, without the query. */
  path: string
  /** The query string as sent, without `?` ('' when none). */
  query: string
  headers: IncomingHttpHeaders
  /** The request body as it arrives (the route passes the raw request), or null when there is none. */
  body: Readable | null
  /** Where background failures (a re-check after a 401) are reported. */
  onBackgroundError?: (error: unknown) => void
}

/** The provider's answer, to be sent back as it is: the body streams from the provider. */
export interface ProxyResponse {
  status: number
  headers: HeaderList
  body: Readable
}

/**
 * ANY /v1/proxy/{credentialId}/{path} (and the MCP server's call_api): sends the caller's request to the app's API
 * with the credential injected, and hands back the provider's answer, streamed. Keyport's own refusals are
 * AppErrors (404 credential_not_found, 409 credential_expired, 400 invalid_proxy_path, 413, 422, 429, 502, 504).
 * One audit row per call, written in the activity log's batches once the answer has been sent.
 */
export async function proxyRequest(
  deps: ProxyDeps,
  actor: ProxyActor,
  input: ProxyInput,
): Promise<ProxyResponse> {
  const started = performance.now()
  const { settings } = deps.proxy
  const method = input.method.toUpperCase()
  let status = 0
  let outcome: ProxyOutcome = 'refused'
  const record = () => {
    deps.metrics.proxied(outcome, status)
    deps.activity.record(
      {
        ...actorFields(actor),
        action: 'credential.proxied',
        target: input.credentialId,
        userId,
        detail: {
          method,
          // The path only: a query string may carry anything, including values the caller considers secret.
          path: `/${input.path}`.slice(0, 500),
          status,
          durationMs: Math.round(performance.now() - started),
          ...(actor.agentTokenId ? { agentTokenId: actor.agentTokenId } : {}),
        },
      },
      found,
    )
  }
  let release: (() => void) | null = null
  // lastUsedAt moves only for a credential this workspace owns (the batch update is by id alone).
  let found: string | undefined
  let userId: string | null = null
  try {
    if (!(PROXY_METHODS as readonly string[]).includes(method))
      throw new AppError('invalid_request', `The proxy sends ${PROXY_METHODS.join(', ')} only.`)
    const path = proxyPath(input.path)
    const retryOn = parseRetryHeader(input.headers['keyport-retry'])
    const length = declaredLength(input.headers['content-length'] as string | undefined)
    const hasBody =
      input.body !== null &&
      ((length !== null && length > 0) || 'transfer-encoding' in input.headers)
    if (length !== null && length > settings.maxBodyBytes) throw tooLarge(settings.maxBodyBytes)

    let row = await readActiveCredential(deps, actor.workspaceId, input.credentialId)
    found = row.id
    userId = row.userId
    const app = deps.catalog.get(row.app) ?? null
    const api = requireApi(app)
    const fill = (current: CredentialRow, secret: CredentialSecret): Opened => {
      const metadata = JSON.parse(current.metadata) as Record<string, unknown>
      const opened = {
        secret,
        injection: buildInjection(api, app!, templateValues(secret, metadata)),
      }
      deps.proxy.opened.put(current, app!, opened)
      return opened
    }
    // One open per credential version per node and minute, not per request (opened.ts); the read above still
    // decides whether the credential exists, is active, and which version is current.
    let opened = deps.proxy.opened.get(row, app!) ?? fill(row, openCredentialSecret(deps, row))
    if (opened.secret.kind !== 'fields') {
      const fresh = await freshCredential(deps, row, opened.secret)
      if (fresh.row !== row || fresh.secret !== opened.secret) {
        row = fresh.row
        opened = fill(row, fresh.secret)
      }
    }
    let { secret, injection } = opened
    const url = joinTarget(injection.base, path, withInjectedQuery(input.query, injection.query))

    release = deps.proxy.acquire(`${actor.workspaceId}/${row.id}`)
    if (!release)
      throw new AppError(
        'rate_limited',
        `This credential already has ${settings.maxConcurrentPerCredential} proxied requests in flight; retry shortly.`,
      )

    const scheme = authScheme(app!.authType)
    // What signing reads that the credential does not hold (an OAuth 1.0a consumer secret), once per request.
    const signingExtra = scheme.sign
      ? await signingSecrets(deps, row.workspaceId, app!, secret)
      : {}
    // A small body with a declared length is kept, so the request can be sent again; a scheme that signs the
    // body's hash (SigV4) has it held whole, up to the body limit; anything else streams once.
    const unreadable = (error: unknown) => {
      if (error instanceof AppError) throw error
      throw new AppError('invalid_request', 'The request body could not be read.', { cause: error })
    }
    const kept = !hasBody
      ? null
      : scheme.bodyForSigning?.(app!, input.headers) === 'whole'
        ? await holdBody(input.body!, settings.maxBodyBytes).catch(unreadable)
        : length !== null && length <= settings.replayLimitBytes
          ? await keepBody(input.body!, length).catch(unreadable)
          : null
    const replayable = !hasBody || kept !== null

    const deadline = new Deadline(settings.timeoutMs)
    // Headers a signing scheme owns (SigV4's x-amz-date, x-amz-security-token) are never the caller's to send.
    const callerHeaders = { ...input.headers }
    for (const name of scheme.reservedHeaders ?? []) delete callerHeaders[name]
    const send = async (current: typeof injection, body: Buffer | Readable | null) => {
      const headers = forwardedRequestHeaders(callerHeaders, current.headers)
      // Request-signing schemes (OAuth 1.0a, SigV4) sign every send, retries included: fresh nonce and timestamp.
      if (scheme.sign) Object.assign(headers, await signRequest(scheme, current, body, headers))
      return deps.proxy.dispatcher.request({
        // undici.request follows no redirect (a 3xx is the provider's answer: following it could leave the
        // allowed hosts); the dispatcher is the guarded client's, whose connector checks every address.
        origin: url.origin,
        path: `${url.pathname}${url.search}`,
        method: method as Dispatcher.HttpMethod,
        headers,
        body,
        signal: deadline,
      })
    }
    const signRequest = async (
      signer: AuthScheme,
      current: typeof injection,
      body: Buffer | Readable | null,
      headers: HeaderList,
    ): Promise<Record<string, string>> => {
      const signed = await signer.sign!(
        { method, url, headers, body: body === null || Buffer.isBuffer(body) ? body : 'streamed' },
        {
          app: app!,
          values: { ...current.values, ...signingExtra },
          fetch: deps.fetch,
          now: deps.now,
        },
      )
      return Object.fromEntries(Object.entries(signed).map(([k, v]) => [k.toLowerCase(), v]))
    }

    try {
      const firstBody = !hasBody
        ? null
        : (kept ??
          Readable.from(limited(input.body!, settings.maxBodyBytes), { objectMode: false }))
      let response = await send(injection, firstBody)

      // OAuth or a minted token: a 401 on a token that is not brand new → one refresh or mint (single flight) and
      // one retry.
      if (response.statusCode === 401 && currentAccessToken(secret)) {
        const refreshed = await refreshAfter401(deps, row.workspaceId, row.id, secret)
        // Nothing to refresh with: the report-invalid path re-checks the token (the app's verification).
        if (refreshed === 'cannot')
          recheckInBackground(deps, actor, app!, row.id, input.onBackgroundError)
        else if (refreshed && replayable) {
          await response.body.dump()
          deps.metrics.proxyRefreshRetry()
          ;({ row, secret } = refreshed)
          injection = fill(row, secret).injection
          response = await send(injection, kept)
        }
      } else if (
        response.statusCode === 401 ||
        (scheme.refusalStatuses?.includes(response.statusCode) ?? false)
      ) {
        recheckInBackground(deps, actor, app!, row.id, input.onBackgroundError)
      }

      let waited = 0
      for (let retry = 0; retry < MAX_RETRIES; retry++) {
        if (!retryOn.has(response.statusCode) || !IDEMPOTENT.has(method) || !replayable) break
        const wait = retryAfterMs(response.headers['retry-after'], retry)
        if (waited + wait > settings.maxRetryWaitMs) break
        await response.body.dump()
        await deadline.sleep(wait)
        waited += wait
        response = await send(injection, kept)
      }

      status = response.statusCode
      outcome = 'proxied'
      deps.metrics.proxyUpstreamSeconds((performance.now() - started) / 1000)
      const body = response.body
      const done = release
      release = null
      finished(body, () => {
        deadline.clear()
        done()
        record()
      })
      const headers = returnedResponseHeaders(response.headers)
      headers['keyport-proxied'] = '1'
      return { status, headers, body }
    } catch (error) {
      deadline.clear()
      throw upstreamError(error, deadline, settings.maxBodyBytes)
    }
  } catch (error) {
    if (error instanceof AppError) {
      status = error.statusCode
      if (error.code === 'upstream_timeout') outcome = 'timeout'
      else if (error.code === 'upstream_unreachable') outcome = 'unreachable'
    }
    release?.()
    record()
    throw error
  }
}

function actorFields(actor: ProxyActor): Actor {
  return { workspaceId: actor.workspaceId, actor: actor.actor, requestId: actor.requestId }
}

/**
 * After a 401 on an OAuth token: the tokens to retry with, or null when a retry cannot help (the token was just
 * obtained or the refresh failed; 'cannot' when there is nothing to refresh with; a refresh that finds the grant revoked
 * expires the credential and announces it, as every refresh does).
 */
async function refreshAfter401(
  deps: ProxyDeps,
  workspaceId: string,
  id: string,
  secret: CredentialSecret,
): Promise<{ row: CredentialRow; secret: CredentialSecret } | 'cannot' | null> {
  const token = currentAccessToken(secret)
  if (!token) return 'cannot'
  const obtained = token.obtainedAt ? Date.parse(token.obtainedAt) : Number.NaN
  if (deps.now().getTime() - obtained < YOUNG_TOKEN_MS) return null
  const outcome = await deps.refresher.refresh(workspaceId, id, {
    rejectedAccessToken: token.accessToken,
  })
  if (outcome.kind !== 'fresh' && outcome.kind !== 'refreshed') return null
  const next = currentAccessToken(outcome.secret)
  if (!next) return null
  // The same token back: there is no refresh token (or nothing the provider would extend).
  if (next.accessToken === token.accessToken) return 'cannot'
  return { row: outcome.row, secret: outcome.secret }
}

/**
 * A key the provider answered 401 to: the report-invalid path (the app's verification decides; only a rejected
 * key expires), in the background and at most once a minute per credential, so a caller hitting a forbidden
 * endpoint does not double its requests to the provider. Without a verification nothing can re-check the key,
 * and one 401 is not proof enough to expire it.
 */
function recheckInBackground(
  deps: ProxyDeps,
  actor: ProxyActor,
  app: App,
  id: string,
  onError: ((error: unknown) => void) | undefined,
): void {
  if (!app.verification || !deps.proxy.recheckDue(`${actor.workspaceId}/${id}`, Date.now())) return
  const work = checkCredential(deps, { ...actorFields(actor), actor: 'proxy' }, id, {
    reported: true,
  })
  deps.proxy.track(work.catch((error: unknown) => onError?.(error)))
}

const NO_RETRY: ReadonlySet<number> = new Set()

/** `Keyport-Retry: 429,503` → the statuses to retry on; anything else in it is a 400. */
export function parseRetryHeader(value: string | string[] | undefined): ReadonlySet<number> {
  if (value === undefined) return NO_RETRY
  const text = Array.isArray(value) ? value.join(',') : value
  const statuses = new Set<number>()
  for (const part of text.split(',').map((s) => s.trim())) {
    if (part === '') continue
    const status = Number(part)
    if (!RETRYABLE.has(status))
      throw new AppError(
        'invalid_request',
        'Keyport-Retry lists the statuses to retry on: 429, 503 or both (e.g. "429,503").',
      )
    statuses.add(status)
  }
  return statuses
}

/** Retry-After (seconds or an HTTP date, RFC 9110 §10.2.3), else 0.5 s doubling. */
export function retryAfterMs(value: string | string[] | undefined, retry: number): number {
  const text = Array.isArray(value) ? value[0] : value
  if (text !== undefined) {
    if (/^\s*\d+\s*$/.test(text)) return Number(text) * 1000
    const at = Date.parse(text)
    if (!Number.isNaN(at)) return Math.max(0, at - Date.now())
  }
  return 500 * 2 ** retry
}

/** What went wrong talking to the provider, as the refusal Keyport answers with. */
function upstreamError(error: unknown, deadline: Deadline, limit: number): unknown {
  if (error instanceof AppError) return error
  const chain: unknown[] = []
  for (let e = error, depth = 0; e !== undefined && e !== null && depth < 8; depth++) {
    chain.push(e)
    e = (e as { cause?: unknown }).cause
  }
  if (chain.some((e) => e instanceof BodyTooLarge)) return tooLarge(limit)
  const codes = chain.map((e) => (e as { code?: unknown }).code)
  if (outboundRefusal(error))
    return new AppError(
      'proxy_host_not_allowed',
      "The app's API is at an address Keyport may not call (loopback, private or metadata); see KEYPORT_TRUSTED_PRIVATE_HOSTS.",
      { cause: error },
    )
  if (
    deadline.reason instanceof UpstreamTimeout ||
    codes.includes('UND_ERR_HEADERS_TIMEOUT') ||
    codes.includes('UND_ERR_CONNECT_TIMEOUT')
  )
    return new AppError('upstream_timeout', 'The provider did not answer in time.', {
      cause: error,
    })
  return new AppError('upstream_unreachable', 'The provider could not be reached.', {
    cause: error,
  })
}
