import { createHash } from 'node:crypto'
import { auditNow } from '../credentials/index.js'
import { hashSecret } from '../crypto/index.js'
import { AppError } from '../errors.js'
import { randomToken } from '../ids.js'
import {
  claimSignInLink,
  deleteConsoleSession,
  deleteConsoleSessionsOf,
  deleteExpiredConsoleSessions,
  deleteExpiredSignInLinks,
  findConsoleSession,
  findConsoleUser,
  findSignInLink,
  insertConsoleSession,
  touchConsoleSession,
  updateConsoleUser,
} from '../store/index.js'
import { consoleActorName, type ConsoleDeps, type ConsoleRole } from './deps.js'

/** An idle session's lastSeenAt is written at most this often: not a write per request. */
export const TOUCH_SESSION_EVERY_MS = 60_000

/** A signed-in person, as every console request sees them. */
export interface ConsoleSession {
  workspaceId: string
  consoleUserId: string
  email: string
  role: ConsoleRole
  /** The audit actor: `console:cu_…`. */
  actor: string
  /** Sent back in X-CSRF-Token on every unsafe request. */
  csrfToken: string
}

/** What sign-in and GET /console/api/session answer. */
export interface SessionView {
  user: { id: string; email: string; role: ConsoleRole }
  workspaceId: string
  csrfToken: string
}

type Claim =
  { failed: 'disabled' | 'used' | 'expired' } | { sessionToken: string; session: ConsoleSession }

// 256-bit tokens with their prefix: anything else is refused before the database is asked.
const LINK_TOKEN = /^csl_[A-Za-z0-9_-]{43}$/
const SESSION_TOKEN = /^css_[A-Za-z0-9_-]{43}$/

export function toSessionView(session: ConsoleSession): SessionView {
  return {
    user: { id: session.consoleUserId, email: session.email, role: session.role },
    workspaceId: session.workspaceId,
    csrfToken: session.csrfToken,
  }
}

/**
 * The CSRF token is derived from the session's cookie (not stored): it changes with every session, an attacker
 * who cannot read the cookie cannot compute it, and it does not reveal the cookie.
 */
export function csrfTokenFor(sessionToken: string): string {
  return createHash('sha256').update(`keyport-console-csrf:${sessionToken}`).digest('base64url')
}

/**
 * Trades a sign-in link's token for a new session: the link is claimed (single use, unexpired) and the session
 * written in one transaction. A link that is unknown, used, expired or whose user was removed is refused alike;
 * known links' failures are audited (an unknown token names no workspace).
 */
export async function signIn(
  deps: ConsoleDeps,
  linkToken: string,
  requestId: string | null,
): Promise<{ sessionToken: string; session: ConsoleSession }> {
  const refused = new AppError(
    'invalid_sign_in_link',
    'This sign-in link is not valid: it may have been used already or expired. Ask an admin for a new one.',
  )
  if (!LINK_TOKEN.test(linkToken)) throw refused
  const hash = hashSecret(linkToken)
  const link = await findSignInLink(deps.db, hash)
  if (!link) throw refused
  const now = deps.now()
  const nowISO = now.toISOString()
  const result = await deps.db.transaction().execute(async (trx): Promise<Claim> => {
    const user = await findConsoleUser(trx, link.workspaceId, { id: link.consoleUserId })
    if (!user || user.disabledAt !== null) return { failed: 'disabled' }
    if (!(await claimSignInLink(trx, hash, nowISO)))
      return { failed: link.usedAt !== null ? 'used' : 'expired' }
    const sessionToken = randomToken('css')
    await insertConsoleSession(trx, {
      hash: hashSecret(sessionToken),
      workspaceId: user.workspaceId,
      consoleUserId: user.id,
      createdAt: nowISO,
      lastSeenAt: nowISO,
      expiresAt: new Date(now.getTime() + deps.consoleSettings.absoluteTimeoutMs).toISOString(),
    })
    await updateConsoleUser(trx, user.workspaceId, user.id, { lastSignInAt: nowISO })
    const actor = consoleActorName(user.id)
    await auditNow(
      trx,
      {
        workspaceId: user.workspaceId,
        actor,
        requestId,
        action: 'console.sign_in',
        target: user.id,
      },
      now,
    )
    const session: ConsoleSession = {
      workspaceId: user.workspaceId,
      consoleUserId: user.id,
      email: user.email,
      role: user.role,
      actor,
      csrfToken: csrfTokenFor(sessionToken),
    }
    return { sessionToken, session }
  })
  if ('failed' in result) {
    await auditNow(
      deps.db,
      {
        workspaceId: link.workspaceId,
        actor: consoleActorName(link.consoleUserId),
        requestId,
        action: 'console.sign_in_failed',
        target: link.consoleUserId,
        detail: { reason: result.failed },
      },
      now,
    )
    throw refused
  }
  return result
}

/**
 * The session a cookie names, or null: unknown, past its absolute end, idle too long, or its user removed. An
 * ended session's row is deleted on the spot. Activity moves lastSeenAt at most once a minute (sliding idle
 * timeout), so a busy console does not write on every request.
 */
export async function authenticateSession(
  deps: ConsoleDeps,
  sessionToken: string,
): Promise<ConsoleSession | null> {
  if (!SESSION_TOKEN.test(sessionToken)) return null
  const hash = hashSecret(sessionToken)
  const row = await findConsoleSession(deps.db, hash)
  if (!row) return null
  const now = deps.now().getTime()
  const lastSeen = Date.parse(row.lastSeenAt)
  const ended =
    row.disabledAt !== null ||
    Date.parse(row.expiresAt) <= now ||
    lastSeen + deps.consoleSettings.idleTimeoutMs <= now
  if (ended) {
    await deleteConsoleSession(deps.db, hash)
    return null
  }
  if (now - lastSeen >= TOUCH_SESSION_EVERY_MS)
    await touchConsoleSession(deps.db, hash, new Date(now).toISOString())
  return {
    workspaceId: row.workspaceId,
    consoleUserId: row.consoleUserId,
    email: row.email,
    role: row.role,
    actor: consoleActorName(row.consoleUserId),
    csrfToken: csrfTokenFor(sessionToken),
  }
}

/** Ends this session (sign-out) or, with `everywhere`, every session of its user. Audited. */
export async function signOut(
  deps: ConsoleDeps,
  sessionToken: string,
  options: { everywhere: boolean; requestId: string | null },
): Promise<void> {
  const session = await authenticateSession(deps, sessionToken)
  if (!session) return
  const now = deps.now()
  await deps.db.transaction().execute(async (trx) => {
    if (options.everywhere)
      await deleteConsoleSessionsOf(trx, session.workspaceId, session.consoleUserId)
    else await deleteConsoleSession(trx, hashSecret(sessionToken))
    await auditNow(
      trx,
      {
        workspaceId: session.workspaceId,
        actor: session.actor,
        requestId: options.requestId,
        action: options.everywhere ? 'console.sign_out_everywhere' : 'console.sign_out',
        target: session.consoleUserId,
      },
      now,
    )
  })
}

/** The worker's sweep: sessions past either timeout and links past their 15 minutes (used or not) are deleted. */
export async function deleteEndedConsoleState(deps: ConsoleDeps): Promise<void> {
  const now = deps.now()
  const idleSince = new Date(now.getTime() - deps.consoleSettings.idleTimeoutMs)
  await deleteExpiredConsoleSessions(deps.db, now.toISOString(), idleSince.toISOString())
  await deleteExpiredSignInLinks(deps.db, now.toISOString())
}
