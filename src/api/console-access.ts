// What a console session may do on /v1, route by route: the one table the authentication hook (auth.ts) checks.
// A route missing here is refused to sessions (fail closed); test/console-access.test.ts checks that every /v1
// route of the OpenAPI document has an entry and that no entry names a route that does not exist.
import type { ConsoleRole } from '../console/index.js'

export interface ConsoleRule {
  /** `support`: any console user; `admin`: admins only; `never`: API keys only (secrets, tokens, the proxy). */
  access: ConsoleRole | 'never'
  /**
   * The audit action written when a console user's call succeeds, for routes whose use case writes no audit row
   * itself (credential and user deletes, checks, connect links and agent-token changes are audited by their use
   * cases already).
   */
  audit?: string
}

const support = (audit?: string): ConsoleRule => ({
  access: 'support',
  ...(audit ? { audit } : {}),
})
const admin = (audit?: string): ConsoleRule => ({ access: 'admin', ...(audit ? { audit } : {}) })
const never: ConsoleRule = { access: 'never' }

/** `METHOD path` as Fastify registers the route; `*` as the method matches every method of that path. */
export const CONSOLE_ROUTES: Readonly<Record<string, ConsoleRule>> = {
  'GET /v1/users': support(),
  'POST /v1/users': admin('user.create'),
  'GET /v1/users/:userId': support(),
  'PATCH /v1/users/:userId': admin('user.update'),
  'DELETE /v1/users/:userId': admin(),
  'GET /v1/users/:userId/credentials': support(),
  // The console sends reconnect links (their use case audits them); a bare connect token it has no use for.
  'POST /v1/users/:userId/connect-link': support(),
  'POST /v1/users/:userId/token': never,
  'GET /v1/users/:userId/agent-tokens': support(),
  'POST /v1/users/:userId/agent-tokens': never,
  'DELETE /v1/users/:userId/agent-tokens/:agentTokenId': admin(),

  'GET /v1/credentials': support(),
  'POST /v1/credentials': admin(),
  'POST /v1/credentials/import': admin(),
  'GET /v1/credentials/:credentialId': support(),
  'PATCH /v1/credentials/:credentialId': admin('credential.rename'),
  'DELETE /v1/credentials/:credentialId': admin(),
  'GET /v1/credentials/:credentialId/secret': never,
  'GET /v1/credentials/:credentialId/events': support(),
  'POST /v1/credentials/:credentialId/check': support(),
  'POST /v1/credentials/:credentialId/report-invalid': admin(),
  '* /v1/proxy/:credentialId/*': never,

  'GET /v1/apps': support(),
  'GET /v1/apps/:app': support(),
  'GET /v1/apps/:app/oauth-client': support(),
  'PUT /v1/apps/:app/oauth-client': admin('oauth_client.set'),
  'DELETE /v1/apps/:app/oauth-client': admin('oauth_client.delete'),

  'GET /v1/webhooks': support(),
  'POST /v1/webhooks': admin('webhook.create'),
  'GET /v1/webhooks/:webhookId': support(),
  'PATCH /v1/webhooks/:webhookId': admin('webhook.update'),
  'DELETE /v1/webhooks/:webhookId': admin('webhook.delete'),
  'POST /v1/webhooks/:webhookId/rotate-secret': admin('webhook.rotate_secret'),
  'POST /v1/webhooks/:webhookId/test': admin('webhook.test'),
  'GET /v1/webhooks/:webhookId/deliveries': support(),
  'POST /v1/webhooks/:webhookId/deliveries/:deliveryId/retry': admin('webhook.retry'),

  'GET /v1/events': support(),
  'GET /v1/summary': support(),
  'GET /v1/audit': support(),
  'GET /v1/settings': support(),
  'PATCH /v1/settings': admin('settings.update'),

  'GET /v1/api-keys': admin(),
  'POST /v1/api-keys': admin('api_key.create'),
  'DELETE /v1/api-keys/:prefix': admin('api_key.revoke'),
  'GET /v1/console-users': admin(),
  'POST /v1/console-users': admin(),
  'PATCH /v1/console-users/:consoleUserId': admin(),
  'DELETE /v1/console-users/:consoleUserId': admin(),
  'POST /v1/console-users/:consoleUserId/sign-in-link': admin(),
}

const NEVER = never

/** The rule for one request; HEAD follows GET, and a route not in the table is `never`. */
export function consoleRuleFor(method: string, routeURL: string | undefined): ConsoleRule {
  if (routeURL === undefined) return NEVER
  const verb = method === 'HEAD' ? 'GET' : method
  return CONSOLE_ROUTES[`${verb} ${routeURL}`] ?? CONSOLE_ROUTES[`* ${routeURL}`] ?? NEVER
}

/** The refusal for a role on a rule, or null when allowed. */
export function consoleRefusal(
  rule: ConsoleRule,
  role: ConsoleRole,
): 'not_allowed_for_console' | 'forbidden_for_role' | null {
  if (rule.access === 'never') return 'not_allowed_for_console'
  if (rule.access === 'admin' && role !== 'admin') return 'forbidden_for_role'
  return null
}
