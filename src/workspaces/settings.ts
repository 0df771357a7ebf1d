// A workspace's own settings (GET/PATCH /v1/settings). Today one: the origins allowed to frame its modal, which
// become the /connect page's CSP frame-ancestors when the embed script names the workspace.
import { AppError, type FieldProblem } from '../errors.js'
import { findWorkspaceSettings, saveWorkspaceSettings, type DB } from '../store/index.js'

export interface WorkspaceSettings {
  /** null: any origin may frame the modal; []: none may; else exactly these. */
  modalFrameAncestors: string[] | null
}

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]'])
// A DNS name (IDNs arrive as punycode from URL) or IPv4, optionally with one leading `*.` (CSP host wildcard).
const HTTPS_HOST = /^(\*\.)?[a-z0-9-]+(\.[a-z0-9-]+)*$/

/**
 * An origin as CSP frame-ancestors takes it: `https://host[:port]`, or `http://` on a loopback host (local
 * development). Returned in its serialised form (lower case, default port dropped); null if it is anything else:
 * a path, credentials, another scheme, a keyword such as `*` or `'self'`.
 */
export function frameAncestorOrigin(value: string): string | null {
  // URL drops an empty `?` or `#`, and reads `\` as `/`: such a value is refused, not silently rewritten.
  if (/[?#\\]/.test(value)) return null
  let url: URL
  try {
    url = new URL(value)
  } catch {
    return null
  }
  if (url.username || url.password || url.pathname !== '/' || url.search || url.hash) return null
  const ok =
    url.protocol === 'https:'
      ? HTTPS_HOST.test(url.hostname)
      : url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname)
  return ok ? url.origin : null
}

export async function getWorkspaceSettings(
  db: DB,
  workspaceId: string,
): Promise<WorkspaceSettings> {
  const row = await findWorkspaceSettings(db, workspaceId)
  return { modalFrameAncestors: row.modalFrameAncestors }
}

export async function updateWorkspaceSettings(
  deps: { db: DB; now: () => Date },
  workspaceId: string,
  patch: Partial<WorkspaceSettings>,
): Promise<WorkspaceSettings> {
  const current = await getWorkspaceSettings(deps.db, workspaceId)
  if (patch.modalFrameAncestors === undefined) return current
  const next =
    patch.modalFrameAncestors === null ? null : normaliseOrigins(patch.modalFrameAncestors)
  await saveWorkspaceSettings(deps.db, workspaceId, {
    modalFrameAncestors: next,
    updatedAt: deps.now().toISOString(),
  })
  return { modalFrameAncestors: next }
}

function normaliseOrigins(values: string[]): string[] {
  const fields: FieldProblem[] = []
  const origins = values.map((value, index) => {
    const origin = frameAncestorOrigin(value)
    if (origin === null)
      fields.push({
        field: `modalFrameAncestors.${index}`,
        message: 'must be an https origin (https://host[:port]) or http on localhost',
      })
    return origin ?? ''
  })
  if (fields.length > 0)
    throw new AppError(
      'invalid_request',
      'modalFrameAncestors takes origins only: https://host[:port], or http://localhost[:port].',
      { fields },
    )
  return [...new Set(origins)]
}

/**
 * The CSP frame-ancestors value for the modal framed for `workspaceId`: its list, `'none'` for an empty list, `*`
 * when it set none.
 */
export async function modalFrameAncestors(db: DB, workspaceId: string): Promise<string> {
  const { modalFrameAncestors: origins } = await getWorkspaceSettings(db, workspaceId)
  if (origins === null) return '*'
  return origins.length === 0 ? "'none'" : origins.join(' ')
}
