import type { Quirk } from './types.js'
import './hooks.js'

/**
 * MYOB Business API (https://developer.myob.com/api/myob-business-api/api-overview/authentication/): for API keys
 * created after 12 March 2025, the company file the administrator consented to arrives only on the callback, as
 * `businessId` (the company file GUID) and `businessName`, and only when the consent URL has prompt=consent (the
 * recipe sends it). Both are kept as connection metadata; API calls need the GUID in their path.
 */
export const myob: Quirk = {
  callbackParams: ['businessId', 'businessName'],
}
