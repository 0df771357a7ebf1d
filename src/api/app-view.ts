import type { App, AppField } from '../catalog/index.js'
import { findOAuthClient, type DB } from '../store/index.js'

/**
 * What a client may know of a catalog field (never a value). Each route's response schema keeps the subset it
 * documents: the /v1 API shows `pattern`, the modal uses `default`.
 */
export function fieldView(field: AppField) {
  return {
    name: field.name,
    displayName: field.displayName,
    description: field.description ?? null,
    secret: field.secret,
    required: field.required,
    pattern: field.pattern ?? null,
    placeholder: field.placeholder ?? null,
    options: field.options ?? null,
    default: field.default ?? null,
  }
}

/** Whether this workspace has its own OAuth client for the app (one primary-key read; false for key apps). */
export async function oauthClientConfigured(
  db: DB,
  workspaceId: string,
  app: App,
): Promise<boolean> {
  return app.isOAuth && (await findOAuthClient(db, workspaceId, app.id)) !== null
}
