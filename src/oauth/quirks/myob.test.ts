import { describe, expect, it } from 'vitest'
import { createAuthorizationURL } from '../authorization-url.js'
import { callbackValues } from '../code-exchange.js'
import { quirkAuthorizationURL } from './hooks.js'
import { recipeOf } from './testing.js'

describe('myob', () => {
  const recipe = recipeOf('myob')

  it('keeps the consented company file from the callback', () => {
    const params = new URLSearchParams({
      code: 'c',
      state: 's',
      businessId: '4c3b7c4a-2f6e-4b8e-9d3a-0e5f1a2b3c4d',
      businessName: 'Acme Pty Ltd',
      other: 'dropped',
    })
    expect(callbackValues(recipe, params)).toEqual({
      businessId: '4c3b7c4a-2f6e-4b8e-9d3a-0e5f1a2b3c4d',
      businessName: 'Acme Pty Ltd',
    })
  })

  it('asks for consent so that MYOB sends the company file', async () => {
    const url = quirkAuthorizationURL(
      'myob',
      await createAuthorizationURL({
        recipe,
        clientId: 'key-1',
        redirectURI: 'https://keyport.example/oauth/callback',
        state: 'state-1',
        codeVerifier: null,
      }),
    )
    expect(url.searchParams.get('prompt')).toBe('consent')
  })
})
