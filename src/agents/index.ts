// Agents: the use cases behind agent tokens and the MCP tools — minting and checking at_… tokens, their allow-lists,
// and what a tool may do for the token's one user. Must not: know HTTP or MCP framing, hand an agent a secret, or
// reach another user's or workspace's credentials.
export {
  AGENT_TOKEN_DEFAULT_TTL,
  AGENT_TOKEN_MAX_TTL,
  ANY_APP,
  HTTP_METHODS,
  agentActor,
  agentAuditFields,
  createAgentTokenAuthenticator,
  listAgentTokens,
  mintAgentToken,
  rememberAgentClient,
  revokeUserAgentToken,
  type AgentSession,
  type AgentTokenView,
  type AuthenticateAgentToken,
  type HttpMethod,
  type MethodAllowList,
  type MintAgentTokenInput,
} from './tokens.js'
export { agentMayUseApp, allowedMethods, requireAgentApp, requireAgentMethod } from './allow.js'
export {
  CONNECT_LINK_TTL_SECONDS,
  activeConnections,
  createConnectLink,
  describeApp,
  listConnections,
  type AppDescription,
  type ConnectLink,
  type Connection,
} from './connections.js'
export {
  CALL_API_MAX_BODY_BYTES,
  CALL_API_MAX_REQUEST_BYTES,
  callApi,
  type CallApiInput,
  type CallApiResult,
} from './call-api.js'
export { redactSecrets, REDACTED } from './redact.js'
