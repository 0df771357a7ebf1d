// Every sentence the modal, the OAuth pages and the demo show, in one place so it can be translated.
// `{name}` placeholders are filled by the page (app names, counts). Keep them plain: no markup.
import type { OAuthFlowFailure } from '../credentials/index.js'

export const STRINGS = {
  title: 'Connect an app',
  close: 'Close',
  back: 'Back',
  loading: 'Loading…',
  searchLabel: 'Search apps',
  searchPlaceholder: 'Search by name or category',
  noResults: 'No app matches “{query}”.',
  connectedBadge: 'Connected',
  expiredBadge: 'Needs reconnecting',
  pickTitle: 'Choose the app to connect',
  authTitle: 'Connect {app}',
  reconnectTitle: 'Reconnect {app}',
  reconnectIntro:
    'Your connection to {app} stopped working. Sign in again to restore it; nothing else changes.',
  keyIntro:
    'Enter the details from your {app} account. They are encrypted and never shown to anyone.',
  docsLink: 'Where do I find these?',
  required: 'Required',
  secretHint: 'Hidden while you type',
  showSecret: 'Show',
  hideSecret: 'Hide',
  submitKey: 'Connect',
  submitting: 'Checking with {app}…',
  oauthIntro: 'You will sign in to {app} in a new window and choose what to share.',
  oauthButton: 'Connect with {app}',
  oauthWaiting: 'Finish signing in to {app} in the window that opened.',
  oauthPopupBlocked: 'Your browser blocked the sign-in window.',
  oauthContinueInTab: 'Continue in a new tab',
  oauthWindowClosed: 'The sign-in window was closed before connecting finished.',
  reuseTitle: 'Already connected',
  reuseText: 'You already connected {app} as “{name}”.',
  reuseUse: 'Use this connection',
  reuseAnother: 'Connect another account',
  doneTitle: 'Connected',
  doneText: '{app} is connected. You can close this window.',
  errorTitle: 'Something went wrong',
  tryAgain: 'Try again',
  sessionExpired: 'This connection link has expired or is not valid. Go back and start again.',
  genericError: 'Something went wrong. Please try again.',
  networkError: 'Could not reach the server. Check your connection and try again.',
  tooManyRequests: 'Too many attempts in a short time. Wait a few seconds and try again.',
  fieldInvalid: 'Check this field',
  callbackSuccessTitle: 'Connected',
  callbackSuccessText: 'You can close this window and return to the app.',
  callbackErrorTitle: 'Could not connect',
  callbackClose: 'Close this window',
  demoTitle: 'Keyport demo — a pretend platform',
  demoIntro:
    'This page plays the part of a platform that embeds Keyport. The button asks this server to mint a connect token for a demo user, then opens the modal.',
  demoButton: 'Connect an app',
  demoResult: 'Result',
  demoDisabled: 'The demo is turned off on this server (KEYPORT_DEMO).',
} as const

export type StringKey = keyof typeof STRINGS

/** What the user reads when an OAuth flow fails: what happened and what to do, never a stack or JSON. */
export const FLOW_FAILURES: Record<OAuthFlowFailure, string> = {
  missing_state: 'This sign-in response is incomplete. Start connecting again from the app.',
  unknown_state: 'This sign-in link is not valid. Start connecting again from the app.',
  used_state: 'This sign-in was already used. Start connecting again from the app.',
  expired_state: 'This sign-in took too long and expired. Start connecting again from the app.',
  other_browser:
    'This sign-in was started in another browser or window. Finish it where you started, or start again here.',
  wrong_app:
    'This sign-in response was meant for another app. Start connecting again from the app.',
  access_denied:
    'You declined access, so nothing was connected. You can try again whenever you like.',
  provider_error: 'The app reported a problem while signing in. Please try again.',
  issuer_mismatch:
    'The sign-in response did not come from the expected service, so it was refused. Please try again.',
  client_not_configured:
    'This app cannot be connected yet because the platform has not finished setting it up.',
  exchange_failed: 'The app did not accept the sign-in. Please try again.',
  provider_unreachable:
    'Could not reach the app to finish signing in. Please try again in a moment.',
  credential_gone:
    'The connection you were restoring no longer exists. Start connecting again from the app.',
}

export function format(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => values[name] ?? '')
}
