// The named parts of /openapi.json. A schema declared with component('Credential', …) validates and serializes
// exactly as before (no $id: Fastify never sees the name); when the document is built, every copy of it the routes
// inlined (an answer, a page's items, a webhook payload) becomes a $ref to #/components/schemas/Credential, so a
// platform's generator sees one named type. Copies are matched by content, a top-level description aside
// (described() gives each answer its own): a variant stays inline, and src/api/openapi.test.ts fails a component no
// route refers to. Likewise an answer declared with sharedResponse() (errorResponses) becomes one
// components.responses entry. The Error envelope itself is a Fastify shared schema (app.ts), hoisted by
// @fastify/swagger.
import type { TSchema } from '@sinclair/typebox'

type Json = Record<string, unknown>

const COMPONENTS = new Map<string, TSchema>()
/** The shared answers (components.responses), by the description that tells them apart. */
const RESPONSES = new Map<string, string>()

/** Names `schema` in the document's components.schemas; returns it unchanged. */
export function component<T extends TSchema>(name: string, schema: T): T {
  const known = COMPONENTS.get(name)
  if (known && known !== schema)
    throw new Error(`two schemas are named ${name} in the OpenAPI document`)
  COMPONENTS.set(name, schema)
  return schema
}

/**
 * Names an answer many operations give alike (errorResponses' 401, 429…) in the document's components.responses;
 * returns it unchanged. Each operation then refers to it instead of repeating its description, headers and body.
 */
export function sharedResponse<T extends TSchema>(name: string, schema: T): T {
  if (!schema.description) throw new Error(`the shared response ${name} needs a description`)
  RESPONSES.set(schema.description, name)
  return schema
}

/** JSON with sorted keys, so two copies of a schema compare equal whatever order their keys were written in. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`
  if (value === null || typeof value !== 'object') return JSON.stringify(value)
  const entries = Object.entries(value).sort(([a], [b]) => (a < b ? -1 : 1))
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`
}

/** The key a schema is matched by: its content without its own description. */
function shape(schema: Json): string {
  const { description: _description, ...rest } = schema
  return canonical(rest)
}

/** `node` with each copy of a named schema (but `self`, the one being defined) replaced by a $ref to it. */
function referring(node: unknown, names: Map<string, string>, self?: string): unknown {
  if (Array.isArray(node)) return node.map((item) => referring(item, names))
  if (node === null || typeof node !== 'object') return node
  const name = (node as Json).type === 'object' ? names.get(shape(node as Json)) : undefined
  if (name && name !== self) {
    const { description } = node as Json
    return { $ref: `#/components/schemas/${name}`, ...(description ? { description } : {}) }
  }
  return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, referring(v, names)]))
}

/**
 * `paths` with each answer named by sharedResponse() replaced by a $ref to components.responses, where the first
 * one seen is kept. An answer whose content differs from that one (its own headers, say) stays inline.
 */
function sharingResponses(paths: Json, responses: Json): Json {
  const share = ([status, response]: [string, Json]): [string, Json] => {
    const name = RESPONSES.get(response.description as string)
    if (!name) return [status, response]
    responses[name] ??= response
    if (canonical(responses[name]) !== canonical(response)) return [status, response]
    return [status, { $ref: `#/components/responses/${name}` }]
  }
  const operation = (op: Json): Json => {
    const answers = Object.entries((op.responses ?? {}) as Record<string, Json>)
    return op.responses ? { ...op, responses: Object.fromEntries(answers.map(share)) } : op
  }
  return Object.fromEntries(
    Object.entries(paths).map(([path, item]) => [
      path,
      Object.fromEntries(Object.entries(item as Json).map(([m, op]) => [m, operation(op as Json)])),
    ]),
  )
}

/** The named schemas, for @fastify/swagger's components.schemas (it converts them as it converts the routes'). */
export function namedSchemas(): Record<string, TSchema> {
  return Object.fromEntries([...COMPONENTS].sort(([a], [b]) => (a < b ? -1 : 1)))
}

/** The document @fastify/swagger built, each copy of a named schema replaced by its $ref (its transformObject). */
export function withNamedComponents<T extends object>(document: T): T {
  const {
    components = {},
    paths,
    webhooks,
  } = document as {
    components?: { schemas?: Json }
    paths?: Json
    webhooks?: Json
  }
  const schemas = components.schemas ?? {}
  const names = new Map([...COMPONENTS.keys()].map((name) => [shape(schemas[name] as Json), name]))
  const responses: Json = {}
  return {
    ...document,
    paths: sharingResponses(referring(paths, names) as Json, responses),
    ...(webhooks ? { webhooks: referring(webhooks, names) } : {}),
    components: {
      ...components,
      ...(Object.keys(responses).length ? { responses } : {}),
      schemas: Object.fromEntries(
        Object.entries(schemas).map(([name, schema]) => [name, referring(schema, names, name)]),
      ),
    },
  } as T
}
