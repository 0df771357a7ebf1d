import type { SealContext } from '../crypto/index.js'
import type { WebhookEndpointRow } from '../store/index.js'

/** AAD for an endpoint's signing secrets: a sealed secret copied to another endpoint or column does not open. */
export function endpointSecretContext(
  endpoint: Pick<WebhookEndpointRow, 'workspaceId' | 'id'>,
  column: 'secret_sealed' | 'previous_secret_sealed',
): SealContext {
  return {
    workspaceId: endpoint.workspaceId,
    table: 'webhook_endpoint',
    rowId: endpoint.id,
    column,
  }
}
