// Names for the modal API's answers and request bodies, taken from the types generated from its OpenAPI document
// (generated/connect-api.ts, `npm run client:generate`; the schemas are src/api/connect-schemas.ts). Import these,
// never hand-written shapes: a change of the server's schemas then fails the modal's type check.
import type { components, operations, paths } from './generated/connect-api.js'

export type { paths }

type Answer<
  Id extends keyof operations,
  Status extends keyof operations[Id]['responses'],
> = operations[Id]['responses'][Status] extends { content: { 'application/json': infer Body } }
  ? Body
  : never
type RequestBody<Id extends keyof operations> = operations[Id] extends {
  requestBody: { content: { 'application/json': infer Body } }
}
  ? Body
  : never

/** GET /connect/api/session */
export type ConnectSession = Answer<'getModalSession', 200>
export type SessionCredential = ConnectSession['credentials'][number]
/** GET /connect/api/apps?search= */
export type PickerApps = Answer<'listModalApps', 200>
export type PickerApp = PickerApps['data'][number]
/** GET /connect/api/apps/{app} */
export type AppDetail = Answer<'getModalApp', 200>
export type AppField = AppDetail['fields'][number]
/** POST /connect/api/credentials (201) and POST /connect/api/credentials/{credentialId}/reconnect (200) */
export type CredentialConnected = Answer<'createModalCredential', 201>
export type ConnectKeyBody = RequestBody<'createModalCredential'>
export type ReconnectKeyBody = RequestBody<'reconnectModalCredential'>
/** POST /connect/api/oauth/start */
export type OAuthFlowStarted = Answer<'startModalOAuth', 201>
export type OAuthStartBody = RequestBody<'startModalOAuth'>
/** POST /connect/api/oauth/status */
export type FlowStatus = Answer<'getModalOAuthStatus', 200>
export type OAuthStatusBody = RequestBody<'getModalOAuthStatus'>
export type FlowFailureReason = Extract<FlowStatus, { status: 'failed' }>['reason']
/** POST /demo/token */
export type DemoToken = Answer<'createDemoToken', 200>
/** Every error answer's body. */
export type ApiErrorBody = components['schemas']['Error']
export type ErrorCode = ApiErrorBody['error']['code']
export type FieldProblem = NonNullable<ApiErrorBody['error']['fields']>[number]
