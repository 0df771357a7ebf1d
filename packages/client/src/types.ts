// Request and response types read off the generated OpenAPI types by path and method, so they follow the document
// whatever its operation ids and component names are.
import type { paths } from './openapi.js'

type Operation<P extends keyof paths, M extends string> = M extends keyof paths[P]
  ? paths[P][M]
  : never
type JSONOf<R> = R extends { content: { 'application/json': infer T } } ? T : never

/** The JSON body of the operation's success answer (200, 201 or 202). */
export type Answer<P extends keyof paths, M extends string> =
  Operation<P, M> extends { responses: infer R }
    ? R extends { 200: infer A }
      ? JSONOf<A>
      : R extends { 201: infer B }
        ? JSONOf<B>
        : R extends { 202: infer C }
          ? JSONOf<C>
          : undefined
    : never

/** The operation's JSON request body. */
export type BodyOf<P extends keyof paths, M extends string> =
  Operation<P, M> extends { requestBody?: { content: { 'application/json': infer B } } } ? B : never

/** The operation's query parameters. */
export type QueryOf<P extends keyof paths, M extends string> =
  Operation<P, M> extends { parameters: { query?: infer Q } } ? NonNullable<Q> : never

/** One item of a paged list's `data`. */
export type ItemOf<P extends keyof paths, M extends string> =
  Answer<P, M> extends { data: (infer T)[] } ? T : never

export type User = Answer<'/v1/users/{userId}', 'get'>
export type Credential = Answer<'/v1/credentials/{credentialId}', 'get'>
export type CredentialSecret = Answer<'/v1/credentials/{credentialId}/secret', 'get'>
export type App = Answer<'/v1/apps/{app}', 'get'>
export type AppSummary = ItemOf<'/v1/apps', 'get'>
export type Webhook = Answer<'/v1/webhooks/{webhookId}', 'get'>
export type WebhookWithSecret = Answer<'/v1/webhooks', 'post'>
export type Delivery = ItemOf<'/v1/webhooks/{webhookId}/deliveries', 'get'>
export type Event = ItemOf<'/v1/events', 'get'>
export type AuditEntry = ItemOf<'/v1/audit', 'get'>

/** A list query as the client takes it: `metadata: { plan: 'pro' }` stands for `?metadata[plan]=pro`. */
export type ListQuery<Q> = Omit<Q, 'cursor' | 'after'> & { metadata?: Record<string, string> }
