import type { Quirk } from './types.js'
import './hooks.js'
import { getJSONWithToken, objectList } from './get-json.js'

const CONNECTIONS = 'https://api.xero.com/connections'

/**
 * Xero (https://developer.xero.com/documentation/guides/oauth2/auth-flow/): the user picks organisations
 * (tenants) on the consent screen; GET /connections lists every tenant the app can reach, and each API call
 * names one in the `xero-tenant-id` header. The access token's `authentication_event_id` claim identifies the
 * connections made by this consent, so those are preferred over older ones. The first becomes `tenantId`.
 */
export const xero: Quirk = {
  async connectionMetadata(tokens, { fetch }) {
    const all = objectList(
      await getJSONWithToken(fetch, CONNECTIONS, tokens.accessToken),
      '/connections',
    )
    const eventId = claim(tokens.accessToken, 'authentication_event_id')
    const fromThisConsent = eventId ? all.filter((c) => c.authEventId === eventId) : []
    const tenants = (fromThisConsent.length > 0 ? fromThisConsent : all).filter(
      (c) => typeof c.tenantId === 'string',
    )
    const first = tenants[0]
    if (!first) return {}
    return {
      tenantId: first.tenantId as string,
      ...(typeof first.tenantName === 'string' ? { tenantName: first.tenantName } : {}),
      ...(typeof first.tenantType === 'string' ? { tenantType: first.tenantType } : {}),
      ...(tenants.length > 1
        ? { tenantIds: tenants.map((c) => c.tenantId as string).join(',') }
        : {}),
    }
  },
}

/** Reads a claim from a JWT's payload without verifying it: only used to choose among the user's own tenants. */
function claim(jwt: string, name: string): string | null {
  const payload = jwt.split('.')[1]
  if (!payload) return null
  try {
    const value = (
      JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>
    )[name]
    return typeof value === 'string' ? value : null
  } catch {
    return null // not a JWT: fall back to every connection
  }
}
