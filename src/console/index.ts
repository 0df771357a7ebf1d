// The console's people: console users per workspace (admin | support), one-time sign-in links and sessions.
// Owns issuing and claiming links, starting, checking and ending sessions, and auditing all of it. Tokens are
// stored as SHA-256 only. Must not: know HTTP (cookies, CSRF headers and the route table live in src/api), or
// log a link token or a session token.
export {
  CONSOLE_ROLES,
  DEFAULT_CONSOLE_SETTINGS,
  consoleActorName,
  type ConsoleActor,
  type ConsoleDeps,
  type ConsoleRole,
  type ConsoleSettings,
} from './deps.js'
export {
  SIGN_IN_LINK_TTL_MS,
  changeConsoleUserRole,
  createConsoleUser,
  issueSignInLink,
  issueSignInLinkByEmail,
  listWorkspaceConsoleUsers,
  normaliseEmail,
  removeConsoleUser,
  type ConsoleUserView,
  type IssuedSignInLink,
} from './users.js'
export {
  TOUCH_SESSION_EVERY_MS,
  authenticateSession,
  deleteEndedConsoleState,
  csrfTokenFor,
  signIn,
  signOut,
  toSessionView,
  type ConsoleSession,
  type SessionView,
} from './sessions.js'
