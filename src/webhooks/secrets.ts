import type { SealContext } from '../crypto/index.js'
import { SEALED, sealContextOf, type WebhookEndpointRow } from '../store/index.js'

/** AAD for an endpoint's signing secrets: a sealed secret copied to another endpoint or column does not open. */
export function endpointSecretContext(
  endpoint: Pick<WebhookEndpointRow, 'workspaceId' | 'id'>,
  column: 'secret_sealed' | 'previous_secret_sealed',
): SealContext {
  const target = column === 'secret_sealed' ? SEALED.webhookSecret : SEALED.webhookPreviousSecret
  return sealContextOf(target, endpoint.workspaceId, endpoint.id)
}
