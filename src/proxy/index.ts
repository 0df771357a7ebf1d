// The proxy: a caller's request sent to an app's API with a credential injected, so the secret never leaves Keyport.
// Owns the path and header rules, filling the catalog's `api` recipe, refresh-and-retry and its limits. Must not:
// know HTTP routing (the route and the MCP server both call proxyRequest), buffer a body whole, or send anything
// except through the outbound dispatcher it is given.
export {
  proxyRequest,
  parseRetryHeader,
  PROXY_METHODS,
  type ProxyActor,
  type ProxyDeps,
  type ProxyInput,
  type ProxyMethod,
  type ProxyResponse,
} from './proxy-request.js'
export {
  createProxyRuntime,
  DEFAULT_PROXY_SETTINGS,
  type ProxyRuntime,
  type ProxySettings,
} from './runtime.js'
export { proxyPath, joinTarget } from './path.js'
export { forwardedRequestHeaders, returnedResponseHeaders, type HeaderList } from './headers.js'
export { buildInjection, templateValues, withInjectedQuery, type Injection } from './target.js'
