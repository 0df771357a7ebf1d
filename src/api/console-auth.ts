// /console/api/*: the console's sign-in, session and sign-out. Sign-in trades a one-time link token (which the
// console page reads from its URL fragment) for the session cookie; everything else the console does goes through
// /v1 with that cookie (auth.ts). These routes are not under a guarded prefix: each checks what it needs itself.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import {
  authenticateSession,
  signIn,
  signOut,
  toSessionView,
  type ConsoleSession,
} from '../console/index.js'
import { AppError } from '../errors.js'
import {
  isSameOrigin,
  readSessionCookie,
  requireConsoleCSRF,
  setSessionCookie,
} from './console-cookie.js'
import type { ApiDeps } from './deps.js'
import { enforceRateLimit } from './rate-limit.js'
import {
  NoContent,
  described,
  errorResponse,
  errorResponses,
  rateLimitedResponse,
} from './schemas.js'
import { component } from './openapi-components.js'

const SessionView = component(
  'ConsoleSession',
  Type.Object({
    user: Type.Object({
      id: Type.String({ description: 'cu_…' }),
      email: Type.String(),
      role: Type.Union([Type.Literal('admin'), Type.Literal('support')]),
    }),
    workspaceId: Type.String(),
    csrfToken: Type.String({
      description: 'Send it as X-CSRF-Token on every POST, PUT, PATCH and DELETE of the session.',
    }),
  }),
)
const SignInBody = Type.Object(
  { token: Type.String({ maxLength: 100, description: 'the csl_… token of the sign-in link' }) },
  { additionalProperties: false },
)

export function consoleAuthRoutes(app: FastifyInstance, deps: ApiDeps): void {
  app.register(async (scope) => {
    scope.addHook('onRequest', async (_request, reply) => {
      reply.header('cache-control', 'no-store')
    })
    const api = scope.withTypeProvider<TypeBoxTypeProvider>()
    const tags = ['Console']
    api.post(
      '/console/api/sign-in',
      {
        schema: {
          tags,
          operationId: 'signInToConsole',
          summary: 'Sign in to the console with a one-time link token',
          description:
            'Sets the `keyport_console` session cookie (HttpOnly, SameSite=Strict). A link works once, within ' +
            '15 minutes; a used, expired or unknown one is `invalid_sign_in_link`. Same-origin requests only.',
          security: [],
          body: SignInBody,
          response: {
            200: described(SessionView, 'Signed in: the session cookie is set.'),
            400: errorResponses[400],
            401: errorResponse('invalid_sign_in_link: used, expired or unknown.'),
            403: errorResponse('csrf_failed: not sent from the console page itself.'),
            429: rateLimitedResponse('rate_limited: too many sign-in attempts from this address.'),
            default: errorResponses.default,
          },
        },
      },
      async (request, reply) => {
        // Login CSRF: another site must not sign a visitor in to the attacker's console user.
        if (!isSameOrigin(request, deps.publicURL))
          throw new AppError('csrf_failed', 'Sign in from the console page itself.')
        enforceRateLimit(reply, deps.rateLimits.signIn, request.ip)
        const { sessionToken, session } = await signIn(deps, request.body.token, request.id)
        // The browser's cookie is replaced: the session it named ends now rather than at its idle timeout.
        const previous = readSessionCookie(request.headers.cookie)
        if (previous) await signOut(deps, previous, { everywhere: false, requestId: request.id })
        setSessionCookie(reply, deps.publicURL, sessionToken)
        return toSessionView(session)
      },
    )
    api.get(
      '/console/api/session',
      {
        schema: {
          tags,
          operationId: 'getConsoleSession',
          summary: 'The signed-in console user, or 401',
          description:
            'Who is signed in, in which workspace, and the CSRF token their unsafe requests must carry.',
          security: [{ consoleSession: [] }],
          response: {
            200: described(SessionView, 'The session.'),
            401: errorResponse('unauthorized: not signed in, or the session has ended.'),
            default: errorResponses.default,
          },
        },
      },
      async (request, reply) => {
        const session = await currentSession(deps, request)
        if (!session) {
          setSessionCookie(reply, deps.publicURL, null)
          throw new AppError('unauthorized', 'Not signed in, or the session has ended.')
        }
        return toSessionView(session)
      },
    )
    for (const [url, everywhere] of [
      ['/console/api/sign-out', false],
      ['/console/api/sign-out-everywhere', true],
    ] as const)
      api.post(
        url,
        {
          schema: {
            tags,
            operationId: everywhere ? 'signOutOfConsoleEverywhere' : 'signOutOfConsole',
            summary: everywhere
              ? 'End every session of the signed-in console user (every browser)'
              : 'End this console session',
            description:
              'Clears the session cookie; without a session there is nothing to end and the answer is the same.',
            security: [{ consoleSession: [] }],
            response: {
              204: NoContent('Signed out.'),
              403: errorResponse('csrf_failed: no or a wrong X-CSRF-Token, or another origin.'),
              default: errorResponses.default,
            },
          },
        },
        async (request, reply) => endSession(deps, request, reply, everywhere),
      )
  })
}

async function currentSession(
  deps: ApiDeps,
  request: FastifyRequest,
): Promise<ConsoleSession | null> {
  const cookie = readSessionCookie(request.headers.cookie)
  return cookie ? authenticateSession(deps, cookie) : null
}

async function endSession(
  deps: ApiDeps,
  request: FastifyRequest,
  reply: FastifyReply,
  everywhere: boolean,
): Promise<FastifyReply> {
  const session = await currentSession(deps, request)
  if (session) {
    requireConsoleCSRF(request, deps.publicURL, session.csrfToken)
    await signOut(deps, readSessionCookie(request.headers.cookie)!, {
      everywhere,
      requestId: request.id,
    })
  }
  setSessionCookie(reply, deps.publicURL, null)
  return reply.code(204).send()
}
