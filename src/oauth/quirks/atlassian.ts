import type { Quirk } from './types.js'
import './hooks.js'
import { getJSONWithToken, objectList } from './get-json.js'

const RESOURCES = 'https://api.atlassian.com/oauth/token/accessible-resources'

/**
 * Atlassian Cloud OAuth 2.0 (3LO), https://developer.atlassian.com/cloud/jira/platform/oauth-2-3lo-apps/:
 * tokens work only through the api.atlassian.com gateway (`/ex/jira/{cloudId}/...`), so after the exchange the
 * sites the grant covers are read from accessible-resources. The first site becomes `cloudId`/`siteURL`; every
 * id is kept in `cloudIds` when the user granted several.
 */
export const atlassian: Quirk = {
  async connectionMetadata(tokens, { fetch }) {
    const sites = objectList(
      await getJSONWithToken(fetch, RESOURCES, tokens.accessToken),
      '/oauth/token/accessible-resources',
    )
    const first = sites.find((site) => typeof site.id === 'string')
    if (!first) return {}
    const ids = sites.map((site) => site.id).filter((id): id is string => typeof id === 'string')
    return {
      cloudId: first.id as string,
      ...(typeof first.url === 'string' ? { siteURL: first.url } : {}),
      ...(typeof first.name === 'string' ? { siteName: first.name } : {}),
      ...(ids.length > 1 ? { cloudIds: ids.join(',') } : {}),
    }
  },
}
