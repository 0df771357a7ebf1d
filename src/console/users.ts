import { auditNow } from '../credentials/index.js'
import { hashSecret } from '../crypto/index.js'
import { AppError } from '../errors.js'
import { newId, randomToken } from '../ids.js'
import {
  deleteConsoleSessionsOf,
  deleteSignInLinksOf,
  findConsoleUser,
  findWorkspace,
  insertConsoleUser,
  insertSignInLink,
  isUniqueViolation,
  listConsoleUsers,
  lockActiveAdmins,
  updateConsoleUser,
  type ConsoleUserRow,
  type DB,
} from '../store/index.js'
import type { ConsoleActor, ConsoleDeps, ConsoleRole } from './deps.js'

/** A sign-in link works once, for this long. */
export const SIGN_IN_LINK_TTL_MS = 15 * 60_000

export interface ConsoleUserView {
  id: string
  email: string
  role: ConsoleRole
  createdAt: string
  lastSignInAt: string | null
  disabled: boolean
}

export interface IssuedSignInLink {
  /** `<public URL>/console/sign-in#token=csl_…`: the token rides in the fragment, which no server or log sees. */
  signInUrl: string
  expiresAt: string
}

const EMAIL = /^[^@\s]+@[^@\s]+$/

/** Emails compare trimmed and lower-cased: `Ann@Example.com ` and `ann@example.com` are one console user. */
export function normaliseEmail(email: string): string {
  const normal = email.trim().toLowerCase()
  if (normal.length > 320 || !EMAIL.test(normal))
    throw new AppError('invalid_request', 'email must be an email address.', {
      fields: [{ field: 'email', message: 'not an email address' }],
    })
  return normal
}

export function toConsoleUserView(row: ConsoleUserRow): ConsoleUserView {
  return {
    id: row.id,
    email: row.email,
    role: row.role,
    createdAt: row.createdAt,
    lastSignInAt: row.lastSignInAt,
    disabled: row.disabledAt !== null,
  }
}

/**
 * Adds a console user and issues their first sign-in link. The email of a removed user may be added again: the
 * row comes back (same id, so the audit trail stays one person) with the new role.
 */
export async function createConsoleUser(
  deps: ConsoleDeps,
  actor: ConsoleActor,
  input: { email: string; role: ConsoleRole },
): Promise<{ consoleUser: ConsoleUserView } & IssuedSignInLink> {
  const email = normaliseEmail(input.email)
  const now = deps.now()
  try {
    return await deps.db.transaction().execute(async (trx) => {
      if (!(await findWorkspace(trx, actor.workspaceId)))
        throw new AppError('not_found', `No workspace ${actor.workspaceId}.`)
      const existing = await findConsoleUser(trx, actor.workspaceId, { email })
      if (existing && existing.disabledAt === null)
        throw new AppError('console_user_exists', `${email} is already a console user.`)
      const row: ConsoleUserRow = existing
        ? { ...existing, role: input.role, disabledAt: null }
        : {
            id: newId('cu', now.getTime()),
            workspaceId: actor.workspaceId,
            email,
            role: input.role,
            createdAt: now.toISOString(),
            lastSignInAt: null,
            disabledAt: null,
          }
      if (existing)
        await updateConsoleUser(trx, actor.workspaceId, row.id, {
          role: row.role,
          disabledAt: null,
        })
      else await insertConsoleUser(trx, row)
      await auditNow(
        trx,
        { ...actor, action: 'console_user.create', target: row.id, detail: { role: row.role } },
        now,
      )
      const link = await newSignInLink(trx, deps, row, now)
      return { consoleUser: toConsoleUserView(row), ...link }
    })
  } catch (error) {
    // Two creates of one email racing: the unique index lets one through.
    if (isUniqueViolation(error))
      throw new AppError('console_user_exists', `${email} is already a console user.`)
    throw error
  }
}

/** A fresh link for a console user (lost or expired link); the user's earlier unused links stop working. */
export async function issueSignInLink(
  deps: ConsoleDeps,
  actor: ConsoleActor,
  consoleUserId: string,
): Promise<IssuedSignInLink> {
  const now = deps.now()
  return deps.db.transaction().execute(async (trx) => {
    const row = await findConsoleUser(trx, actor.workspaceId, { id: consoleUserId })
    if (!row || row.disabledAt !== null) throw consoleUserNotFound()
    await auditNow(trx, { ...actor, action: 'console_user.sign_in_link', target: row.id }, now)
    return newSignInLink(trx, deps, row, now)
  })
}

/** The CLI names a console user by email. */
export async function issueSignInLinkByEmail(
  deps: ConsoleDeps,
  actor: ConsoleActor,
  email: string,
): Promise<IssuedSignInLink> {
  const row = await findConsoleUser(deps.db, actor.workspaceId, {
    email: normaliseEmail(email),
  })
  if (!row || row.disabledAt !== null) throw consoleUserNotFound()
  return issueSignInLink(deps, actor, row.id)
}

export async function listWorkspaceConsoleUsers(
  deps: Pick<ConsoleDeps, 'db'>,
  workspaceId: string,
): Promise<ConsoleUserView[]> {
  return (await listConsoleUsers(deps.db, workspaceId)).map(toConsoleUserView)
}

/**
 * Gives a console user another role, at once: a session reads its role on every request. Setting the role they
 * have changes nothing and records nothing (a retried request answers the same). The workspace's last admin cannot
 * be demoted: nobody could manage the team from the console any more.
 */
export async function changeConsoleUserRole(
  deps: ConsoleDeps,
  actor: ConsoleActor,
  consoleUserId: string,
  role: ConsoleRole,
): Promise<ConsoleUserView> {
  const now = deps.now()
  return deps.db.transaction().execute(async (trx) => {
    const { row, admins } = await lockForChange(trx, deps, actor.workspaceId, consoleUserId)
    if (row.role === role) return toConsoleUserView(row)
    refuseToLeaveNoAdmin(admins, row, 'demote')
    await updateConsoleUser(trx, actor.workspaceId, row.id, { role })
    await auditNow(
      trx,
      {
        ...actor,
        action: 'console_user.update',
        target: row.id,
        detail: { role, previousRole: row.role },
      },
      now,
    )
    return toConsoleUserView({ ...row, role })
  })
}

/**
 * Removes a console user: the row stays, disabled (audit rows name it), every session of theirs ends at once and
 * their links stop working. A console user cannot remove themselves, and nobody (an API key included) the
 * workspace's last admin.
 */
export async function removeConsoleUser(
  deps: ConsoleDeps,
  actor: ConsoleActor,
  consoleUserId: string,
): Promise<void> {
  const now = deps.now()
  await deps.db.transaction().execute(async (trx) => {
    const { row, admins } = await lockForChange(trx, deps, actor.workspaceId, consoleUserId)
    if (actor.actor === `console:${row.id}`)
      throw new AppError('invalid_request', 'A console user cannot remove themselves.')
    refuseToLeaveNoAdmin(admins, row, 'remove')
    await updateConsoleUser(trx, actor.workspaceId, row.id, { disabledAt: now.toISOString() })
    await deleteConsoleSessionsOf(trx, actor.workspaceId, row.id)
    await deleteSignInLinksOf(trx, actor.workspaceId, row.id)
    await auditNow(trx, { ...actor, action: 'console_user.delete', target: row.id }, now)
  })
}

async function newSignInLink(
  db: DB,
  deps: Pick<ConsoleDeps, 'publicURL'>,
  user: ConsoleUserRow,
  now: Date,
): Promise<IssuedSignInLink> {
  await deleteSignInLinksOf(db, user.workspaceId, user.id)
  const token = randomToken('csl')
  const expiresAt = new Date(now.getTime() + SIGN_IN_LINK_TTL_MS).toISOString()
  await insertSignInLink(db, {
    hash: hashSecret(token),
    workspaceId: user.workspaceId,
    consoleUserId: user.id,
    createdAt: now.toISOString(),
    expiresAt,
    usedAt: null,
  })
  return { signInUrl: `${deps.publicURL}/console/sign-in#token=${token}`, expiresAt }
}

/**
 * A console user about to be changed, and the workspace's active admins, locked first (lockActiveAdmins) so the
 * user's row is read after any change racing this one has committed.
 */
async function lockForChange(
  trx: DB,
  deps: Pick<ConsoleDeps, 'dialect'>,
  workspaceId: string,
  consoleUserId: string,
): Promise<{ row: ConsoleUserRow; admins: string[] }> {
  const admins = await lockActiveAdmins(trx, deps.dialect, workspaceId)
  const row = await findConsoleUser(trx, workspaceId, { id: consoleUserId })
  if (!row || row.disabledAt !== null) throw consoleUserNotFound()
  return { row, admins }
}

/** `admins`: the workspace's active admins, locked (lockForChange). */
function refuseToLeaveNoAdmin(
  admins: string[],
  row: ConsoleUserRow,
  change: 'demote' | 'remove',
): void {
  if (row.role === 'admin' && admins.every((id) => id === row.id))
    throw new AppError(
      'last_admin',
      `${row.email} is the workspace's last admin: make another console user admin before you ${change} them.`,
    )
}

function consoleUserNotFound(): AppError {
  return new AppError('console_user_not_found', 'No such console user in this workspace.')
}
