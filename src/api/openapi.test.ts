// The conventions of src/api/openapi.ts, checked on the document the app serves: a new route that misses one
// fails here with the route named, before `npm run lint:openapi` (CI) or a client generator stumbles on it.
import { beforeAll, describe, expect, it } from 'vitest'
import { buildOpenAPIDocuments } from '../../scripts/openapi-document.js'
import { EVENT_TYPES } from '../webhooks/index.js'
import { API_TAGS } from './openapi.js'

interface Operation {
  operationId?: string
  summary?: string
  description?: string
  tags?: string[]
  responses: Record<
    string,
    {
      description?: string
      headers?: Record<string, unknown>
      content?: Record<string, { schema?: { $ref?: string } }>
    }
  >
}
type Document = { paths: Record<string, Record<string, Operation>> } & Record<string, unknown>
type Response = Operation['responses'][string]

/** The document's operations, each shared answer ($ref to components.responses) in place. */

/**
 * operationIds already shipped: the typed client's method names. Renaming or dropping one breaks every caller, so
 * it fails here; a new route adds its own line.
 */
const SHIPPED_OPERATIONS: Record<string, string> = {
  createUser: 'POST /v1/users',
  listUsers: 'GET /v1/users',
  getUser: 'GET /v1/users/{userId}',
  updateUser: 'PATCH /v1/users/{userId}',
  deleteUser: 'DELETE /v1/users/{userId}',
  getSettings: 'GET /v1/settings',
  updateSettings: 'PATCH /v1/settings',
  getWorkspaceSummary: 'GET /v1/summary',
  listApiKeys: 'GET /v1/api-keys',
  createApiKey: 'POST /v1/api-keys',
  revokeApiKey: 'DELETE /v1/api-keys/{prefix}',
  listConsoleUsers: 'GET /v1/console-users',
  createConsoleUser: 'POST /v1/console-users',
  createConsoleSignInLink: 'POST /v1/console-users/{consoleUserId}/sign-in-link',
  updateConsoleUser: 'PATCH /v1/console-users/{consoleUserId}',
  deleteConsoleUser: 'DELETE /v1/console-users/{consoleUserId}',
  signInToConsole: 'POST /console/api/sign-in',
  getConsoleSession: 'GET /console/api/session',
  signOutOfConsole: 'POST /console/api/sign-out',
  signOutOfConsoleEverywhere: 'POST /console/api/sign-out-everywhere',
  createConnectToken: 'POST /v1/users/{userId}/token',
  createConnectLink: 'POST /v1/users/{userId}/connect-link',
  listApps: 'GET /v1/apps',
  getApp: 'GET /v1/apps/{app}',
  setOAuthClient: 'PUT /v1/apps/{app}/oauth-client',
  getOAuthClient: 'GET /v1/apps/{app}/oauth-client',
  deleteOAuthClient: 'DELETE /v1/apps/{app}/oauth-client',
  createCredential: 'POST /v1/credentials',
  listCredentials: 'GET /v1/credentials',
  importCredential: 'POST /v1/credentials/import',
  listUserCredentials: 'GET /v1/users/{userId}/credentials',
  getCredential: 'GET /v1/credentials/{credentialId}',
  updateCredential: 'PATCH /v1/credentials/{credentialId}',
  deleteCredential: 'DELETE /v1/credentials/{credentialId}',
  getCredentialSecret: 'GET /v1/credentials/{credentialId}/secret',
  checkCredential: 'POST /v1/credentials/{credentialId}/check',
  reportCredentialInvalid: 'POST /v1/credentials/{credentialId}/report-invalid',
  listCredentialEvents: 'GET /v1/credentials/{credentialId}/events',
  createWebhook: 'POST /v1/webhooks',
  listWebhooks: 'GET /v1/webhooks',
  getWebhook: 'GET /v1/webhooks/{webhookId}',
  updateWebhook: 'PATCH /v1/webhooks/{webhookId}',
  deleteWebhook: 'DELETE /v1/webhooks/{webhookId}',
  rotateWebhookSecret: 'POST /v1/webhooks/{webhookId}/rotate-secret',
  sendTestWebhook: 'POST /v1/webhooks/{webhookId}/test',
  listWebhookDeliveries: 'GET /v1/webhooks/{webhookId}/deliveries',
  retryWebhookDelivery: 'POST /v1/webhooks/{webhookId}/deliveries/{deliveryId}/retry',
  listEvents: 'GET /v1/events',
  createAgentToken: 'POST /v1/users/{userId}/agent-tokens',
  listAgentTokens: 'GET /v1/users/{userId}/agent-tokens',
  revokeAgentToken: 'DELETE /v1/users/{userId}/agent-tokens/{agentTokenId}',
  listAuditEntries: 'GET /v1/audit',
  proxyGet: 'GET /v1/proxy/{credentialId}/{path}',
  proxyHead: 'HEAD /v1/proxy/{credentialId}/{path}',
  proxyPost: 'POST /v1/proxy/{credentialId}/{path}',
  proxyPut: 'PUT /v1/proxy/{credentialId}/{path}',
  proxyPatch: 'PATCH /v1/proxy/{credentialId}/{path}',
  proxyDelete: 'DELETE /v1/proxy/{credentialId}/{path}',
}

const ERROR_REF = '#/components/schemas/Error'

function operationsOf(document: Document): Array<{ route: string; operation: Operation }> {
  const shared = (document.components as { responses?: Record<string, Response> }).responses ?? {}
  const resolved = (response: Response & { $ref?: string }): Response =>
    response.$ref ? shared[response.$ref.split('/').pop()!]! : response
  return Object.entries(document.paths).flatMap(([path, item]) =>
    Object.entries(item).map(([method, operation]) => ({
      route: `${method.toUpperCase()} ${path}`,
      operation: {
        ...operation,
        responses: Object.fromEntries(
          Object.entries(operation.responses).map(([status, r]) => [status, resolved(r)]),
        ),
      },
    })),
  )
}

describe('the OpenAPI document', () => {
  let document: Document
  let operations: Array<{ route: string; operation: Operation }>
  beforeAll(async () => {
    document = (await buildOpenAPIDocuments('https://keyport.test')).api as Document
    operations = operationsOf(document)
  })

  it('lists its server (KEYPORT_PUBLIC_URL) and licence, in OpenAPI 3.1', () => {
    expect(document.openapi).toBe('3.1.0')
    expect(document.servers).toEqual([expect.objectContaining({ url: 'https://keyport.test' })])
    expect(document.info).toMatchObject({ license: { identifier: 'Apache-2.0' } })
  })

  it('gives every operation a camelCase operationId, a summary, a description and a declared tag', () => {
    const tags = new Set<string>(API_TAGS.map((t) => t.name))
    const problems = operations.flatMap(({ route, operation }) => [
      ...(/^[a-z][a-zA-Z0-9]*$/.test(operation.operationId ?? '')
        ? []
        : [`${route}: schema.operationId, camelCase and verb first (listCredentials)`]),
      ...(operation.summary?.trim() ? [] : [`${route}: schema.summary`]),
      ...(operation.description?.trim() ? [] : [`${route}: schema.description`]),
      ...((operation.tags ?? []).length > 0 && operation.tags!.every((t) => tags.has(t))
        ? []
        : [`${route}: schema.tags, one of API_TAGS in src/api/openapi.ts (got ${operation.tags})`]),
    ])
    expect(problems, 'see the conventions at the top of src/api/openapi.ts').toEqual([])
  })

  it('has unique operationIds, and keeps every shipped one on its route', () => {
    const ids = operations.map(({ operation }) => operation.operationId)
    expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([])
    const byId = Object.fromEntries(operations.map((o) => [o.operation.operationId, o.route]))
    for (const [id, route] of Object.entries(SHIPPED_OPERATIONS))
      expect(byId[id], `operationId ${id} (a client method) must stay on ${route}`).toBe(route)
  })

  it('describes every response, and refers to the Error component for every error', () => {
    const problems = operations.flatMap(({ route, operation }) =>
      Object.entries(operation.responses).flatMap(([status, response]) => {
        const found: string[] = []
        if (!response.description || response.description === 'Default Response')
          found.push(
            `${route} ${status}: a description (described(schema, '…') or errorResponse('…'))`,
          )
        const isError = status === 'default' || /^[45]/.test(status)
        const ref = response.content?.['application/json']?.schema?.$ref
        if (isError && ref !== ERROR_REF)
          found.push(`${route} ${status}: errorResponse('…') instead of an inlined error schema`)
        return found
      }),
    )
    expect(problems).toEqual([])
  })

  it('names the shared objects as components, each referred to and none left inlined', () => {
    const { schemas } = (document.components ?? {}) as { schemas: Record<string, unknown> }
    const text = JSON.stringify({ paths: document.paths, webhooks: document.webhooks, schemas })
    const unused = Object.keys(schemas).filter(
      (name) => !text.includes(`"$ref":"#/components/schemas/${name}"`),
    )
    expect(unused, 'a component() copy no route matches: a variant of it is inlined').toEqual([])
    // The credential view appears once, as the component: its required list is its fingerprint.
    const credential = JSON.stringify((schemas.Credential as { required: string[] }).required)
    expect(text.split(credential).length - 1).toBe(1)
    expect(Object.keys(schemas)).toEqual(
      expect.arrayContaining([
        'Credential',
        'CredentialPage',
        'User',
        'Webhook',
        'App',
        'AuditEntry',
      ]),
    )
  })

  it('declares a default error on every operation, and 401 and 429 with Retry-After on /v1', () => {
    const problems = operations.flatMap(({ route, operation }) => {
      const { responses } = operation
      // Every /v1 request passes the API key check and the workspace's rate limit (v1.ts).
      const v1 = route.split(' ')[1]!.startsWith('/v1/')
      return [
        ...(responses['401'] || !v1 ? [] : [`${route}: 401`]),
        ...(responses['429']?.headers?.['Retry-After'] || !v1
          ? []
          : [`${route}: 429 with Retry-After`]),
        ...(responses.default ? [] : [`${route}: default`]),
      ]
    })
    expect(problems, 'spread ...errorResponses from src/api/schemas.ts').toEqual([])
  })

  it('documents every event type as a webhook, credential.expired with what a platform needs', () => {
    const webhooks = document.webhooks as Record<
      string,
      { post: { requestBody: { content: Record<string, { schema: Schema }> } } }
    >
    type Schema = { properties: Record<string, Schema>; required?: string[] }
    expect(Object.keys(webhooks).sort()).toEqual([...EVENT_TYPES].sort())
    const expired = webhooks['credential.expired']!.post.requestBody.content['application/json']!
    const data = expired.schema.properties.data!
    expect(data.required).toEqual(
      expect.arrayContaining([
        'userId',
        'userEmail',
        'credentialId',
        'credentialName',
        'reconnectUrl',
        'reason',
      ]),
    )
  })
})
