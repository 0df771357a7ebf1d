// MCP: Keyport's Model Context Protocol server at /mcp, for AI agents acting for one user with an agent token.
// Owns the HTTP framing (Streamable HTTP, stateless), bearer authentication as an RFC 9728 protected resource and
// the tools' names and schemas. Must not: accept any token but an agent token, hand an agent a secret, or do a
// use case's work (src/agents does).
export { mcpRoutes, buildMcpServer } from './server.js'
export { protectedResourceMetadata, type ProtectedResourceMetadata } from './metadata.js'
export { wwwAuthenticate, PROTECTED_RESOURCE_PATH } from './auth.js'
export { TOOL_NAMES } from './tools.js'
