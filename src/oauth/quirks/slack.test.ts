import { describe, expect, it } from 'vitest'
import type { OAuth2Recipe } from '../../catalog/index.js'
import { OAuthResponseError } from '../errors.js'
import { processTokenResponse } from '../token-response.js'
import { hasQuirk, unimplementedQuirks } from './index.js'

const recipe: OAuth2Recipe = {
  type: 'oauth2',
  authorizationURL: 'https://slack.com/oauth/v2/authorize',
  tokenURL: 'https://slack.com/api/oauth.v2.access',
  scopes: ['chat:write'],
  scopeSeparator: ',',
  pkce: 'supported',
  tokenEndpointAuthMethod: 'client_secret_basic',
  refresh: { supported: true, rotates: true },
  tokenResponseMetadata: ['team.id', 'team.name', 'authed_user.id', 'bot_user_id'],
  quirks: 'slack',
}
const now = new Date('2026-01-01T00:00:00Z')
const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } })

describe('slack quirk', () => {
  it('is registered', () => {
    expect(hasQuirk('slack')).toBe(true)
    expect(unimplementedQuirks(['slack', 'no-such-quirk', 'no-such-quirk'])).toEqual([
      'no-such-quirk',
    ])
  })

  it('keeps a bot install top-level token, as Bearer, with team metadata', async () => {
    const tokens = await processTokenResponse(
      recipe,
      json({
        ok: true,
        access_token: 'xoxb-bot',
        token_type: 'bot',
        scope: 'chat:write',
        bot_user_id: 'U0BOT',
        team: { id: 'T1', name: 'Acme' },
        authed_user: { id: 'U1' },
        refresh_token: 'xoxe-1-r',
        expires_in: 43200,
      }),
      now,
    )
    expect(tokens).toEqual({
      accessToken: 'xoxb-bot',
      tokenType: 'Bearer',
      refreshToken: 'xoxe-1-r',
      expiresAt: '2026-01-01T12:00:00.000Z',
      scope: 'chat:write',
      idToken: null,
      metadata: {
        'team.id': 'T1',
        'team.name': 'Acme',
        'authed_user.id': 'U1',
        bot_user_id: 'U0BOT',
      },
    })
  })

  it('lifts the nested authed_user token of a user-scope-only install', async () => {
    const tokens = await processTokenResponse(
      recipe,
      json({
        ok: true,
        team: { id: 'T1' },
        authed_user: {
          id: 'U1',
          scope: 'search:read',
          access_token: 'xoxp-user',
          token_type: 'user',
          refresh_token: 'xoxe-u',
          expires_in: 60,
        },
      }),
      now,
    )
    expect(tokens).toMatchObject({
      accessToken: 'xoxp-user',
      tokenType: 'Bearer',
      refreshToken: 'xoxe-u',
      scope: 'search:read',
      expiresAt: '2026-01-01T00:01:00.000Z',
      metadata: { 'team.id': 'T1', 'authed_user.id': 'U1' },
    })
  })

  it('turns HTTP 200 {ok:false} into an OAuth error; a dead refresh token reads as invalid_grant', async () => {
    const failed = processTokenResponse(
      recipe,
      json({ ok: false, error: 'invalid_refresh_token' }),
      now,
    )
    await expect(failed).rejects.toBeInstanceOf(OAuthResponseError)
    await expect(
      processTokenResponse(recipe, json({ ok: false, error: 'invalid_refresh_token' }), now),
    ).rejects.toMatchObject({
      error: 'invalid_grant',
      status: 400,
    })
    await expect(
      processTokenResponse(recipe, json({ ok: false, error: 'ratelimited' }), now),
    ).rejects.toMatchObject({
      error: 'ratelimited',
    })
  })
})
