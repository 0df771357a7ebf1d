// `new Keyport({ apiKey, baseUrl })`: the Credentials API by resource. Creates send an Idempotency-Key (a fresh
// UUID unless one is given), so a retried create never makes two; lists are PagedLists over Keyport's cursors.
import { randomUUID } from 'node:crypto'
import { errorFromResponse } from './errors.js'
import { PagedList, type Page } from './pages.js'
import { Transport, type RequestOptions, type TransportOptions } from './transport.js'
import type {
  Answer,
  AuditEntry,
  BodyOf,
  Credential,
  Delivery,
  Event,
  ItemOf,
  ListQuery,
  QueryOf,
  User,
  Webhook,
} from './types.js'

export type KeyportOptions = TransportOptions

/** Options every create takes: the Idempotency-Key to send (default: a new UUID per call, kept across retries). */
export interface CreateOptions {
  idempotencyKey?: string
  signal?: AbortSignal
}

const path = (strings: TemplateStringsArray, ...ids: string[]) =>
  strings.reduce(
    (out, part, i) => out + part + (i < ids.length ? encodeURIComponent(ids[i]!) : ''),
    '',
  )

export class Keyport {
  readonly users: Users
  readonly credentials: Credentials
  readonly apps: Apps
  readonly webhooks: Webhooks
  readonly events: Events
  readonly audit: Audit
  private readonly transport: Transport

  constructor(options: KeyportOptions) {
    this.transport = new Transport(options)
    this.users = new Users(this.transport)
    this.credentials = new Credentials(this.transport)
    this.apps = new Apps(this.transport)
    this.webhooks = new Webhooks(this.transport)
    this.events = new Events(this.transport)
    this.audit = new Audit(this.transport)
  }

  /**
   * Calls the app's own API through Keyport's proxy with the credential injected: `path` is the app API's path and
   * query (`/v1/customers?limit=3`). Resolves with the provider's answer whatever its status (check
   * `Keyport-Proxied: 1`); rejects with a KeyportError only when Keyport itself refused.
   */
  async proxy(credentialId: string, apiPath: string, init: RequestInit = {}): Promise<Response> {
    const response = await this.transport.passThrough(
      `${path`/v1/proxy/${credentialId}`}/${apiPath.replace(/^\/+/, '')}`,
      init,
    )
    if (response.headers.get('keyport-proxied') === '1') return response
    if (response.ok) return response
    throw await errorFromResponse(response)
  }
}

function created(options: CreateOptions | undefined): RequestOptions {
  return {
    idempotencyKey: options?.idempotencyKey ?? randomUUID(),
    ...(options?.signal ? { signal: options.signal } : {}),
  }
}

function paged<T>(
  transport: Transport,
  url: string,
  query: Record<string, unknown>,
  cursorName: 'cursor' | 'after' = 'cursor',
): PagedList<T> {
  return new PagedList<T>((cursor) =>
    transport.json<Page<T>>('GET', url, {
      query: { ...query, ...(cursor ? { [cursorName]: cursor } : {}) },
    }),
  )
}

class Users {
  constructor(private readonly t: Transport) {}
  create(body: BodyOf<'/v1/users', 'post'>, options?: CreateOptions): Promise<User> {
    return this.t.json('POST', '/v1/users', { body, ...created(options) })
  }
  list(query: ListQuery<QueryOf<'/v1/users', 'get'>> = {}): PagedList<User> {
    return paged(this.t, '/v1/users', query)
  }
  get(userId: string): Promise<User> {
    return this.t.json('GET', path`/v1/users/${userId}`)
  }
  update(userId: string, body: BodyOf<'/v1/users/{userId}', 'patch'>): Promise<User> {
    return this.t.json('PATCH', path`/v1/users/${userId}`, { body })
  }
  delete(userId: string): Promise<void> {
    return this.t.json('DELETE', path`/v1/users/${userId}`)
  }
  /** A connect token for the modal (`Keyport.connect` in the browser). */
  connectToken(
    userId: string,
    body: BodyOf<'/v1/users/{userId}/token', 'post'> = {},
    options?: CreateOptions,
  ): Promise<Answer<'/v1/users/{userId}/token', 'post'>> {
    return this.t.json('POST', path`/v1/users/${userId}/token`, { body, ...created(options) })
  }
  /** A hosted link to the modal, e.g. for a reconnect email. */
  connectLink(
    userId: string,
    body: BodyOf<'/v1/users/{userId}/connect-link', 'post'> = {},
    options?: CreateOptions,
  ): Promise<Answer<'/v1/users/{userId}/connect-link', 'post'>> {
    return this.t.json('POST', path`/v1/users/${userId}/connect-link`, {
      body,
      ...created(options),
    })
  }
  credentials(
    userId: string,
    query: ListQuery<QueryOf<'/v1/users/{userId}/credentials', 'get'>> = {},
  ): PagedList<Credential> {
    return paged(this.t, path`/v1/users/${userId}/credentials`, query)
  }
}

class Credentials {
  constructor(private readonly t: Transport) {}
  /** A credential from typed fields (API-key, Basic and custom apps); OAuth apps answer `oauth_app_requires_modal`. */
  create(body: BodyOf<'/v1/credentials', 'post'>, options?: CreateOptions): Promise<Credential> {
    return this.t.json('POST', '/v1/credentials', { body, ...created(options) })
  }
  /** OAuth tokens obtained elsewhere, moved into Keyport. */
  import(
    body: BodyOf<'/v1/credentials/import', 'post'>,
    options?: CreateOptions,
  ): Promise<Credential> {
    return this.t.json('POST', '/v1/credentials/import', { body, ...created(options) })
  }
  list(query: ListQuery<QueryOf<'/v1/credentials', 'get'>> = {}): PagedList<Credential> {
    return paged(this.t, '/v1/credentials', query)
  }
  get(credentialId: string): Promise<Credential> {
    return this.t.json('GET', path`/v1/credentials/${credentialId}`)
  }
  update(
    credentialId: string,
    body: BodyOf<'/v1/credentials/{credentialId}', 'patch'>,
  ): Promise<Credential> {
    return this.t.json('PATCH', path`/v1/credentials/${credentialId}`, { body })
  }
  delete(credentialId: string): Promise<void> {
    return this.t.json('DELETE', path`/v1/credentials/${credentialId}`)
  }
  /** The usable secret (an OAuth access token refreshed first when due; never a refresh token). */
  secret(credentialId: string): Promise<Answer<'/v1/credentials/{credentialId}/secret', 'get'>> {
    return this.t.json('GET', path`/v1/credentials/${credentialId}/secret`)
  }
  check(credentialId: string): Promise<Answer<'/v1/credentials/{credentialId}/check', 'post'>> {
    return this.t.json('POST', path`/v1/credentials/${credentialId}/check`)
  }
  reportInvalid(
    credentialId: string,
  ): Promise<Answer<'/v1/credentials/{credentialId}/report-invalid', 'post'>> {
    return this.t.json('POST', path`/v1/credentials/${credentialId}/report-invalid`)
  }
  events(credentialId: string): Promise<Answer<'/v1/credentials/{credentialId}/events', 'get'>> {
    return this.t.json('GET', path`/v1/credentials/${credentialId}/events`)
  }
}

class Apps {
  constructor(private readonly t: Transport) {}
  list(query: ListQuery<QueryOf<'/v1/apps', 'get'>> = {}): PagedList<ItemOf<'/v1/apps', 'get'>> {
    return paged(this.t, '/v1/apps', query)
  }
  get(app: string): Promise<Answer<'/v1/apps/{app}', 'get'>> {
    return this.t.json('GET', path`/v1/apps/${app}`)
  }
}

class Webhooks {
  constructor(private readonly t: Transport) {}
  /** The answer holds the signing secret, shown this once. */
  create(
    body: BodyOf<'/v1/webhooks', 'post'>,
    options?: CreateOptions,
  ): Promise<Answer<'/v1/webhooks', 'post'>> {
    return this.t.json('POST', '/v1/webhooks', { body, ...created(options) })
  }
  list(query: ListQuery<QueryOf<'/v1/webhooks', 'get'>> = {}): PagedList<Webhook> {
    return paged(this.t, '/v1/webhooks', query)
  }
  get(webhookId: string): Promise<Webhook> {
    return this.t.json('GET', path`/v1/webhooks/${webhookId}`)
  }
  update(webhookId: string, body: BodyOf<'/v1/webhooks/{webhookId}', 'patch'>): Promise<Webhook> {
    return this.t.json('PATCH', path`/v1/webhooks/${webhookId}`, { body })
  }
  delete(webhookId: string): Promise<void> {
    return this.t.json('DELETE', path`/v1/webhooks/${webhookId}`)
  }
  deliveries(
    webhookId: string,
    query: ListQuery<QueryOf<'/v1/webhooks/{webhookId}/deliveries', 'get'>> = {},
  ): PagedList<Delivery> {
    return paged(this.t, path`/v1/webhooks/${webhookId}/deliveries`, query, 'after')
  }
}

class Events {
  constructor(private readonly t: Transport) {}
  list(query: ListQuery<QueryOf<'/v1/events', 'get'>> = {}): PagedList<Event> {
    return paged(this.t, '/v1/events', query, 'after')
  }
}

class Audit {
  constructor(private readonly t: Transport) {}
  list(query: ListQuery<QueryOf<'/v1/audit', 'get'>> = {}): PagedList<AuditEntry> {
    return paged(this.t, '/v1/audit', query)
  }
}
