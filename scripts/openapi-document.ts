// Builds the app in-process (in-memory SQLite, a throwaway key, the built-in catalog; nothing listens) and
// returns the OpenAPI document it serves at /openapi.json, with the modal's own (not served). For the lint script,
// tests and type generation.
import { randomBytes } from 'node:crypto'
import { buildApp } from '../src/app.js'
import { connectAPIDocument } from '../src/api/connect-openapi.js'
import { BUILTIN_CATALOG_DIR, createCatalog, loadCatalog } from '../src/catalog/index.js'
import { parseKeyring } from '../src/crypto/index.js'
import { assembleDeps } from '../src/main.js'
import { openStore } from '../src/store/index.js'

/** Where the document says Keyport runs when no KEYPORT_PUBLIC_URL is given (a private-use name, RFC 6762 ff.). */
export const DOCUMENT_PUBLIC_URL = 'https://keyport.internal'

export interface OpenAPIDocuments {
  /** /openapi.json: the public API. */
  api: Record<string, unknown>
  /** The modal's API (/connect/api), from src/api/connect-openapi.ts: internal, never served. */
  connect: Record<string, unknown>
}

export async function buildOpenAPIDocuments(
  publicURL: string = DOCUMENT_PUBLIC_URL,
): Promise<OpenAPIDocuments> {
  const store = openStore({ kind: 'sqlite', file: ':memory:' })
  const deps = assembleDeps({
    store,
    keyring: parseKeyring(`doc:${randomBytes(32).toString('base64')}`),
    catalog: createCatalog(loadCatalog([BUILTIN_CATALOG_DIR])),
    publicURL,
  })
  const app = await buildApp(deps)
  try {
    return {
      api: app.swagger() as unknown as Record<string, unknown>,
      connect: connectAPIDocument(publicURL),
    }
  } finally {
    await app.close()
    await deps.proxy.settle()
    await deps.activity.stop()
    await Promise.all([deps.providerClient.close(), deps.webhookClient.close()])
    await store.close()
  }
}
