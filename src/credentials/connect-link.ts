// Hosted connect links: `<publicURL>/connect#token=ct_…[&app=…][&credentialId=…]`, the modal page opened directly
// (an email, a chat message, an agent's answer) rather than framed by the platform's page. The one place such a URL
// is built: POST /v1/users/{userId}/connect-link, the MCP tool connect_app and credential.expired's reconnectUrl.
// The token is in the fragment, which browsers never send to a server nor put in a Referer; the modal page reads
// it and removes it from the address bar and history (modal/src/modal/main.ts).
import { AppError } from '../errors.js'
import { findCredential, type CredentialRow, type DB } from '../store/index.js'
import { auditNow } from './activity.js'
import { CONNECT_TOKEN_MAX_TTL, mintConnectToken, storeConnectToken } from './connect-token.js'
import type { Actor, CredentialDeps } from './deps.js'

export interface HostedConnectLink {
  url: string
  expiresAt: string
}

/**
 * The link's address. `app` opens that app straight away; `credentialId` reconnects that credential in place;
 * `locale` (in the query: the server renders the page in it) picks the language; `allowMultiple` offers a second
 * account.
 */
export function connectLinkURL(
  publicURL: string,
  fields: {
    token: string
    app?: string | null
    credentialId?: string | null
    locale?: string | null
    allowMultiple?: boolean
  },
): string {
  const fragment = new URLSearchParams({ token: fields.token })
  if (fields.app) fragment.set('app', fields.app)
  if (fields.credentialId) fragment.set('credentialId', fields.credentialId)
  if (fields.allowMultiple) fragment.set('allowMultiple', 'true')
  const query = fields.locale ? `?${new URLSearchParams({ locale: fields.locale }).toString()}` : ''
  return `${publicURL}/connect${query}#${fragment.toString()}`
}

/**
 * Mints a connect token for the user and wraps it in a hosted link. With `credentialId` (the user's own credential,
 * else 404) the token may connect only that credential's app, unless `apps` names it too (an `apps` list without
 * it is refused: the link could not reconnect what it names).
 */
export async function createConnectLink(
  deps: Pick<CredentialDeps, 'db' | 'catalog' | 'now' | 'publicURL'>,
  workspaceId: string,
  input: {
    userId: string
    apps?: string[]
    ttlSeconds?: number
    credentialId?: string
    locale?: string
    allowMultiple?: boolean
  },
): Promise<HostedConnectLink> {
  let credential: CredentialRow | null = null
  if (input.credentialId !== undefined) {
    credential = await findCredential(deps.db, workspaceId, input.credentialId)
    // Another user's credential looks as missing as another workspace's.
    if (!credential || credential.userId !== input.userId)
      throw new AppError(
        'credential_not_found',
        `No credential ${input.credentialId} of user ${input.userId} in this workspace.`,
      )
    if (input.apps && !input.apps.includes(credential.app))
      throw new AppError(
        'app_not_allowed',
        `apps must include "${credential.app}", the app of credential ${credential.id}.`,
      )
  }
  const apps = input.apps ?? (credential ? [credential.app] : undefined)
  const { token, expiresAt } = await mintConnectToken(deps, workspaceId, {
    userId: input.userId,
    ...(apps ? { apps } : {}),
    ...(input.ttlSeconds !== undefined ? { ttlSeconds: input.ttlSeconds } : {}),
  })
  const single = apps && new Set(apps).size === 1 ? apps[0] : null
  return {
    url: connectLinkURL(deps.publicURL, {
      token,
      app: credential?.app ?? single,
      credentialId: credential?.id ?? null,
      locale: input.locale ?? null,
      allowMultiple: input.allowMultiple ?? false,
    }),
    expiresAt,
  }
}

/**
 * POST /v1/users/{userId}/connect-link: the link, and an audit row saying who minted it for whom (a support engineer
 * sending a reconnect link from the console shows up in that credential's audit trail). Never the link itself: it
 * carries a connect token.
 */
export async function createAuditedConnectLink(
  deps: Pick<CredentialDeps, 'db' | 'catalog' | 'now' | 'publicURL'>,
  actor: Actor,
  input: Parameters<typeof createConnectLink>[2],
): Promise<HostedConnectLink> {
  const link = await createConnectLink(deps, actor.workspaceId, input)
  await auditNow(
    deps.db,
    {
      ...actor,
      action: input.credentialId ? 'credential.connect_link' : 'user.connect_link',
      target: input.credentialId ?? input.userId,
      userId: input.userId,
      detail: { expiresAt: link.expiresAt },
    },
    deps.now(),
  )
  return link
}

/**
 * credential.expired's `reconnectUrl`, minted in the expiry transaction (`trx`). Its token lives as long as any
 * connect token may (CONNECT_TOKEN_MAX_TTL, one hour) and may connect only the credential's app; the link
 * reconnects that same credential. We chose a plain connect token over a longer-lived "mint on open" secret: the
 * event is stored and may be re-delivered for days, but a link that mints tokens on open would be a second bearer
 * secret with a lifetime of days, living in the event feed, for a convenience the platform already has
 * (POST /v1/users/{userId}/connect-link with `credentialId` mints a fresh link whenever it emails the user).
 */
export async function reconnectLinkIn(
  trx: DB,
  row: Pick<CredentialRow, 'id' | 'workspaceId' | 'userId' | 'app'>,
  context: { publicURL: string; now: Date },
): Promise<HostedConnectLink> {
  // The credential row was just updated in this transaction, so its user (a foreign key, deleted with cascade)
  // still exists here.
  const { token, expiresAt } = await storeConnectToken(
    trx,
    row.workspaceId,
    { userId: row.userId, apps: [row.app], ttl: CONNECT_TOKEN_MAX_TTL },
    context.now,
  )
  return {
    url: connectLinkURL(context.publicURL, { token, app: row.app, credentialId: row.id }),
    expiresAt,
  }
}
