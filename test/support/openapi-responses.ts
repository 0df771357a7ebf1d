// Every JSON answer a flow test sees is checked against the OpenAPI document the app serves (/openapi.json), or,
// for the modal's routes, against the modal API's document (src/api/connect-openapi.ts): the operation's response
// schema for that status (else its 2XX/4XX/5XX range, else `default`). A mismatch is recorded and the harness fails
// the test with it, so neither document can drift from what the code sends. The modal's answers are also checked
// as the handler returned them, before serialization: their objects are closed, so a property the schema forgets
// (which fast-json-stringify would silently drop, and the modal would miss) fails too. Cheap: the documents are
// added to Ajv once per test file and each (operation, status) schema is compiled once.
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { connectAPIDocument } from '../../src/api/connect-openapi.js'
import { isTimestamp } from '../../src/timestamps.js'

interface Responses {
  [status: string]: { content?: Record<string, { schema?: unknown }> }
}
interface Document {
  paths: Record<string, Record<string, { operationId?: string; responses?: Responses }>>
  components?: { responses?: Responses }
}

let ajv: Ajv2020 | null = null
/** Where each operation's responses are: its document's id and a JSON pointer into it. */
const operations = new Map<
  string,
  { document: string; pointer: string; responses: Responses; modal: boolean }
>()
const validators = new Map<string, ValidateFunction | null>()
const loaded = new Map<string, Document>()

function load(documents: Record<string, Document>): Ajv2020 {
  const instance = new Ajv2020({ strict: false, allErrors: true })
  instance.addFormat('date-time', { type: 'string', validate: isTimestamp })
  const escape = (part: string) => part.replaceAll('~', '~0').replaceAll('/', '~1')
  for (const [id, document] of Object.entries(documents)) {
    instance.addSchema(document as object, id)
    loaded.set(id, document)
    for (const [path, item] of Object.entries(document.paths))
      for (const [method, operation] of Object.entries(item))
        if (operation.operationId && operation.responses)
          operations.set(operation.operationId, {
            document: id,
            pointer: `/paths/${escape(path)}/${method}/responses`,
            responses: operation.responses,
            modal: id === MODAL_DOCUMENT,
          })
  }
  return instance
}

const MODAL_DOCUMENT = 'keyport-modal-openapi'
function loadFrom(app: FastifyInstance): Ajv2020 {
  return load({
    'keyport-openapi': app.swagger() as unknown as Document,
    [MODAL_DOCUMENT]: connectAPIDocument('http://localhost') as unknown as Document,
  })
}

/** The validator for one answer, or null when the document gives that status no JSON schema. */
function validatorFor(operationId: string, status: number): ValidateFunction | null | undefined {
  const key = `${operationId} ${status}`
  if (validators.has(key)) return validators.get(key)
  const operation = operations.get(operationId)
  if (!operation) return undefined
  const declared = [String(status), `${String(status)[0]}XX`, 'default'].find(
    (s) => operation.responses[s],
  )
  if (!declared) return undefined
  // A shared answer (errorResponses' 401, 429…) is a $ref to the document's components.responses.
  const { $ref } = operation.responses[declared] as { $ref?: string }
  const pointer = $ref ? $ref.slice(1) : `${operation.pointer}/${declared}`
  const response = $ref
    ? loaded.get(operation.document)!.components!.responses![$ref.split('/').pop()!]!
    : operation.responses[declared]!
  const validate = response.content?.['application/json']?.schema
    ? ajv!.getSchema(`${operation.document}#${pointer}/content/application~1json/schema`)!
    : null
  validators.set(key, validate)
  return validate
}

/** The answer's operationId, unless it is not one to check (no operationId, or a HEAD request). */
function operationOf(request: FastifyRequest): string | null {
  const { operationId } = (request.routeOptions.schema ?? {}) as { operationId?: string }
  return operationId && request.method !== 'HEAD' ? operationId : null
}

/**
 * Installs the check on `app` (a BuildOptions plugin: it must run before the app is ready). Returns the list the
 * mismatches go to; the harness empties it and fails the test when it is not empty.
 */
export function checkResponsesAgainstDocument(app: FastifyInstance, problems: string[]): void {
  const check = (request: FastifyRequest, reply: FastifyReply, body: unknown, as: string): void => {
    const operationId = operationOf(request)!
    const where = `${request.method} ${request.url} → ${reply.statusCode} (${operationId}${as})`
    const validate = validatorFor(operationId, reply.statusCode)
    if (validate === undefined) problems.push(`${where}: the document declares no such status`)
    else if (validate && !validate(body)) {
      const errors = validate.errors ?? []
      const more = errors.length > 3 ? ` and ${errors.length - 3} more` : ''
      problems.push(
        `${where}: ${JSON.stringify(errors.slice(0, 3))}${more} in ${JSON.stringify(body).slice(0, 500)}`,
      )
    }
  }
  app.addHook('preSerialization', async (request, reply, payload) => {
    const operationId = operationOf(request)
    ajv ??= loadFrom(app)
    // Round-tripped through JSON (a Date becomes its string), but not through the route's serializer.
    if (operationId && operations.get(operationId)?.modal)
      check(request, reply, JSON.parse(JSON.stringify(payload)), ', before serialization')
    return payload
  })
  app.addHook('onSend', async (request, reply, payload) => {
    const operationId = operationOf(request)
    if (!operationId) return payload
    ajv ??= loadFrom(app)
    const type = String(reply.getHeader('content-type') ?? '')
    if (type.startsWith('application/json') && typeof payload === 'string')
      check(request, reply, JSON.parse(payload), '')
    else if (validatorFor(operationId, reply.statusCode) === undefined)
      check(request, reply, null, '')
    return payload
  })
}
