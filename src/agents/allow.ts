import { AppError } from '../errors.js'
import { ANY_APP, type AgentSession } from './tokens.js'

/** Whether the token's app allow-list includes `app` (no list: every app). */
export function agentMayUseApp(session: AgentSession, app: string): boolean {
  return session.apps === null || session.apps.includes(app)
}

/** The methods the token allows on `app`: its own entry, else the `*` entry, else every method (null). */
export function allowedMethods(session: AgentSession, app: string): readonly string[] | null {
  return session.methods?.[app] ?? session.methods?.[ANY_APP] ?? null
}

export function requireAgentApp(session: AgentSession, app: string): void {
  if (!agentMayUseApp(session, app))
    throw new AppError('app_not_allowed', `This agent token does not allow the app "${app}".`)
}

export function requireAgentMethod(session: AgentSession, app: string, method: string): void {
  requireAgentApp(session, app)
  const allowed = allowedMethods(session, app)
  if (allowed && !allowed.includes(method))
    throw new AppError(
      'forbidden',
      `This agent token allows only ${allowed.join(', ')} on "${app}".`,
    )
}
