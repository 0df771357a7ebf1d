import type { Quirk } from './types.js'

/**
 * Slack OAuth v2 (https://docs.slack.dev/authentication/installing-with-oauth):
 * - errors come back as HTTP 200 `{ok: false, error: "invalid_code"}`;
 * - a bot install puts the bot token at the top level with `token_type: "bot"`; a user-scope-only install puts
 *   the user's token under `authed_user` and leaves the top level without `access_token`;
 * - both token types are sent as `Authorization: Bearer` when calling the Web API.
 */
export const slack: Quirk = {
  normalizeTokenResponse(body, status) {
    if (body.ok === false) {
      const error = typeof body.error === 'string' ? body.error : 'slack_error'
      // Slack's refresh failures (invalid_refresh_token) mean what invalid_grant means elsewhere.
      const mapped = [
        'invalid_refresh_token',
        'invalid_code',
        'code_already_used',
        'token_revoked',
        'token_expired',
      ].includes(error)
        ? 'invalid_grant'
        : error
      return {
        body: { error: mapped, error_description: `Slack: ${error}` },
        status: status === 200 ? 400 : status,
      }
    }
    const user = body.authed_user
    if (typeof body.access_token !== 'string' && user !== null && typeof user === 'object') {
      const nested = user as Record<string, unknown>
      const lifted: Record<string, unknown> = { ...body }
      for (const key of ['access_token', 'refresh_token', 'expires_in', 'scope']) {
        if (nested[key] !== undefined) lifted[key] = nested[key]
      }
      return { body: { ...lifted, token_type: 'Bearer' }, status }
    }
    return { body: { ...body, token_type: 'Bearer' }, status }
  },
}
