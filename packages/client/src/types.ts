// Request and response types read off the generated OpenAPI types: the objects by their component name, the
// requests and answers by path and method (whatever their operation ids are).
import type { components, paths } from './openapi.js'

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

/** The document's named schemas (components.schemas), under the names a program reads. */
type Schema<N extends keyof components['schemas']> = components['schemas'][N]

export type User = Schema<'User'>
export type Credential = Schema<'Credential'>
export type CredentialSecret = Schema<'CredentialSecret'>
export type CredentialCheck = Schema<'CredentialCheck'>
export type App = Schema<'App'>
export type AppSummary = Schema<'AppSummary'>
export type OAuthClient = Schema<'OAuthClient'>
export type Webhook = Schema<'Webhook'>
export type WebhookWithSecret = Schema<'WebhookWithSecret'>
export type Delivery = Schema<'Delivery'>
export type Event = Schema<'Event'>
export type AuditEntry = Schema<'AuditEntry'>
export type AgentToken = Schema<'AgentToken'>
export type Settings = Schema<'Settings'>
export type WorkspaceSummary = Schema<'WorkspaceSummary'>

/** A list query as the client takes it: `metadata: { plan: 'pro' }` stands for `?metadata[plan]=pro`. */
export type ListQuery<Q> = Omit<Q, 'cursor' | 'after'> & { metadata?: Record<string, string> }
