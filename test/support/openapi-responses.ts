// Every JSON answer a flow test sees is checked against the OpenAPI document the app serves: the operation's
// response schema for that status (else its 2XX/4XX/5XX range, else `default`). A mismatch is recorded and the
// harness fails the test with it, so the document can never drift from what the code sends. Cheap: the document
// is added to Ajv once per test file and each (operation, status) schema is compiled once.
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js'
import type { FastifyInstance } from 'fastify'
import { isTimestamp } from '../../src/timestamps.js'

interface Responses {
  [status: string]: { content?: Record<string, { schema?: unknown }> }
}
interface Document {
  paths: Record<string, Record<string, { operationId?: string; responses?: Responses }>>
}

const DOCUMENT_ID = 'keyport-openapi'
let ajv: Ajv2020 | null = null
/** Where each operation's responses are in the document, as a JSON pointer. */
const operations = new Map<string, { pointer: string; responses: Responses }>()
const validators = new Map<string, ValidateFunction | null>()

function load(document: Document): Ajv2020 {
  const instance = new Ajv2020({ strict: false, allErrors: true })
  instance.addFormat('date-time', { type: 'string', validate: isTimestamp })
  instance.addSchema(document as object, DOCUMENT_ID)
  const escape = (part: string) => part.replaceAll('~', '~0').replaceAll('/', '~1')
  for (const [path, item] of Object.entries(document.paths))
    for (const [method, operation] of Object.entries(item))
      if (operation.operationId && operation.responses)
        operations.set(operation.operationId, {
          pointer: `/paths/${escape(path)}/${method}/responses`,
          responses: operation.responses,
        })
  return instance
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
  const response = operation.responses[declared]!
  const validate = response.content?.['application/json']?.schema
    ? ajv!.getSchema(
        `${DOCUMENT_ID}#${operation.pointer}/${declared}/content/application~1json/schema`,
      )!
    : null
  validators.set(key, validate)
  return validate
}

/**
 * Installs the check on `app` (a BuildOptions plugin: it must run before the app is ready). Returns the list the
 * mismatches go to; the harness empties it and fails the test when it is not empty.
 */
export function checkResponsesAgainstDocument(app: FastifyInstance, problems: string[]): void {
  app.addHook('onSend', async (request, reply, payload) => {
    const operationId = (request.routeOptions.schema as { operationId?: string } | undefined)
      ?.operationId
    if (!operationId || request.method === 'HEAD') return payload
    ajv ??= load(app.swagger() as unknown as Document)
    const where = `${request.method} ${request.url} → ${reply.statusCode} (${operationId})`
    const validate = validatorFor(operationId, reply.statusCode)
    if (validate === undefined) {
      problems.push(`${where}: the document declares no such status`)
      return payload
    }
    const type = String(reply.getHeader('content-type') ?? '')
    if (validate === null || !type.startsWith('application/json') || typeof payload !== 'string')
      return payload
    if (!validate(JSON.parse(payload)))
      problems.push(`${where}: ${JSON.stringify(validate.errors)} in ${payload.slice(0, 500)}`)
    return payload
  })
}
