// A fetch for tests that call a loopback provider (oidc-provider on 127.0.0.1) directly, outside a harness: the
// providers' outbound client trusting 127.0.0.1, so these calls go through the same guard as Keyport's own.
import { createOutboundClient } from '../../src/net/index.js'

export const loopbackFetch: typeof fetch = createOutboundClient({ trusted: ['127.0.0.1'] }).fetch
