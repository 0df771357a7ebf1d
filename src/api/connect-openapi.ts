// The modal's own OpenAPI 3.1 document, written from the same entries its routes are registered with
// (connect-schemas.ts). Not served and not part of /openapi.json: the modal API is Keyport's contract with the
// browser code it ships in the same build, and platforms must not build against it. It is linted with the public
// document (npm run lint:openapi), the modal's types are generated from it (npm run client:generate), and the
// test harness checks every /connect/api answer against it.
import { VERSION } from '../version.js'
import { DEMO_OPERATIONS, MODAL_API_PREFIX, MODAL_OPERATIONS } from './connect-schemas.js'
import { ErrorEnvelope } from './schemas.js'

type Json = Record<string, unknown>

/** A TypeBox schema as plain JSON, with the shared Error component referred to as OpenAPI spells it. */
function plain(schema: unknown): Json {
  return JSON.parse(JSON.stringify(schema), (key, value) =>
    key === '$ref' && value === 'Error#' ? '#/components/schemas/Error' : value,
  ) as Json
}

/** Fastify's `/apps/:app` as an OpenAPI path template, `/apps/{app}`. */
const templated = (url: string): string => url.replace(/:([A-Za-z]+)/g, '{$1}')

function parameters(where: 'path' | 'query', schema: unknown): Json[] {
  const { properties = {}, required = [] } = plain(schema ?? {}) as {
    properties?: Record<string, Json>
    required?: string[]
  }
  return Object.entries(properties).map(([name, property]) => ({
    name,
    in: where,
    required: where === 'path' || required.includes(name),
    schema: property,
  }))
}

/** A route's response schema as an OpenAPI response: its description and headers move up a level. */
function response(schema: unknown): Json {
  const { description, headers, ...body } = plain(schema) as Json & {
    description: string
    headers?: Record<string, Json>
  }
  return {
    description,
    ...(headers
      ? {
          headers: Object.fromEntries(
            Object.entries(headers).map(([name, { description: about, ...header }]) => [
              name,
              { description: about, schema: header },
            ]),
          ),
        }
      : {}),
    content: { 'application/json': { schema: body } },
  }
}

interface Entry {
  method: string
  url: string
  schema: {
    summary: string
    description: string
    params?: unknown
    querystring?: unknown
    body?: unknown
    response: Record<string, unknown>
  }
}

function pathsOf(
  entries: Record<string, Entry>,
  options: { prefix: string; tag: string; security?: Json[] },
): Record<string, Json> {
  const paths: Record<string, Json> = {}
  for (const [operationId, { method, url, schema }] of Object.entries(entries)) {
    const path = templated(options.prefix + url)
    const item = (paths[path] ??= {})
    const declared = [
      ...parameters('path', schema.params),
      ...parameters('query', schema.querystring),
    ]
    item[method.toLowerCase()] = {
      operationId,
      tags: [options.tag],
      ...(options.security ? { security: options.security } : {}),
      summary: schema.summary,
      description: schema.description,
      ...(declared.length ? { parameters: declared } : {}),
      ...(schema.body
        ? {
            requestBody: {
              required: true,
              content: { 'application/json': { schema: plain(schema.body) } },
            },
          }
        : {}),
      responses: Object.fromEntries(
        Object.entries(schema.response).map(([status, answer]) => [status, response(answer)]),
      ),
    }
  }
  return paths
}

/** The modal API's document; `publicURL` (KEYPORT_PUBLIC_URL) is its one server. */
export function connectAPIDocument(publicURL: string): Json {
  const { $id: _id, ...error } = plain(ErrorEnvelope)
  return {
    openapi: '3.1.0',
    info: {
      title: 'Keyport modal API',
      version: VERSION,
      description:
        "The API the Keyport modal's browser code calls, with the connect token its platform minted " +
        '(`Authorization: Bearer ct_…`). Internal: it changes with Keyport releases and is not part of the ' +
        'public API (/openapi.json).',
      license: { name: 'Apache-2.0', identifier: 'Apache-2.0' },
    },
    servers: [{ url: publicURL, description: 'This Keyport (KEYPORT_PUBLIC_URL)' }],
    tags: [
      { name: 'Modal', description: 'What the modal asks as the user behind a connect token.' },
      { name: 'Demo', description: 'The demo page (KEYPORT_DEMO), which mints its own token.' },
    ],
    security: [{ connectToken: [] }],
    paths: {
      ...pathsOf(MODAL_OPERATIONS, { prefix: MODAL_API_PREFIX, tag: 'Modal' }),
      // The demo page asks with no token: its same-origin check is the guard.
      ...pathsOf(DEMO_OPERATIONS, { prefix: '', tag: 'Demo', security: [] }),
    },
    components: {
      securitySchemes: {
        connectToken: {
          type: 'http',
          scheme: 'bearer',
          description: 'A connect token, ct_… (POST /v1/users/{userId}/token).',
        },
      },
      schemas: { Error: error },
    },
  }
}
