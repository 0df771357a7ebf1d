// English: the reference set. Every other locale has exactly these keys (the type checks it, and so does
// src/modal/locales.test.ts with the plural categories Intl.PluralRules gives each language).
// `{name}` placeholders are filled by the page; a value that is an object holds plural forms chosen by `{count}`.
import type { PluralForms } from './types.js'

export const en = {
  title: 'Connect an app',
  close: 'Close',
  back: 'Back',
  loading: 'Loading…',
  searchLabel: 'Search apps',
  searchPlaceholder: 'Search by name or category',
  noResults: 'No app matches “{query}”.',
  noApps: 'No app can be connected here yet.',
  appCount: { one: '{count} app', other: '{count} apps' },
  connectedBadge: 'Connected',
  accountsBadge: { one: '{count} account', other: '{count} accounts' },
  expiredBadge: 'Needs reconnecting',
  pickTitle: 'Choose the app to connect',
  authTitle: 'Connect {app}',
  reconnectTitle: 'Reconnect {app}',
  reconnectIntro:
    'Your connection to {app} stopped working. Sign in again to restore it; nothing else changes.',
  keyIntro:
    'Enter the details from your {app} account. They are encrypted and never shown to anyone.',
  docsLink: 'Where do I find these?',
  fieldRequired: 'Fill in this field.',
  showSecret: 'Show',
  hideSecret: 'Hide',
  submitKey: 'Connect',
  submitting: 'Checking with {app}…',
  verificationFailed: '{app} did not accept these details. Check them and try again.',
  verificationUnavailable:
    'We could not reach {app} to check these details. Try again in a moment.',
  oauthIntro: 'You will sign in to {app} in a new window and choose what to share.',
  oauthButton: 'Connect with {app}',
  oauthWaiting: 'Finish signing in to {app} in the window that opened.',
  oauthPopupBlocked: 'Your browser blocked the sign-in window.',
  oauthContinueInTab: 'Continue in a new tab',
  oauthWindowClosed: 'The sign-in window was closed before connecting finished.',
  notConfigured: '{app} can’t be connected here yet: the platform hasn’t finished setting it up.',
  reuseTitle: 'Already connected',
  reuseOne: 'You already connected {app}. Use this connection, or update it if something changed.',
  reuseMany: {
    one: 'You have connected {count} {app} account. Use it, or connect another one.',
    other: 'You have connected {count} {app} accounts. Choose one, or connect another one.',
  },
  reuseUse: 'Use this connection',
  reuseUpdate: 'Update connection',
  reuseAnother: 'Connect another account',
  connectedOn: 'Connected on {date}',
  doneTitle: 'Connected',
  doneText: '{app} is connected',
  doneClosing: 'Taking you back…',
  doneHosted: 'You can close this window.',
  doneButton: 'Done',
  errorTitle: 'Something went wrong',
  tryAgain: 'Try again',
  sessionExpired: 'This connection link has expired or is not valid. Go back and start again.',
  genericError: 'Something went wrong. Please try again.',
  networkError: 'Could not reach the server. Check your connection and try again.',
  tooManyRequests: 'Too many attempts in a short time. Wait a few seconds and try again.',
  callbackSuccessTitle: 'Connected',
  callbackSuccessText: 'You can close this window and return to the app.',
  callbackErrorTitle: 'Could not connect',
  callbackClose: 'Close this window',
  flow_missing_state: 'This sign-in response is incomplete. Start connecting again from the app.',
  flow_unknown_state: 'This sign-in link is not valid. Start connecting again from the app.',
  flow_used_state: 'This sign-in was already used. Start connecting again from the app.',
  flow_expired_state:
    'This sign-in took too long and expired. Start connecting again from the app.',
  flow_other_browser:
    'This sign-in was started in another browser or window. Finish it where you started, or start again here.',
  flow_wrong_app:
    'This sign-in response was meant for another app. Start connecting again from the app.',
  flow_access_denied:
    'You declined access, so nothing was connected. You can try again whenever you like.',
  flow_provider_error: 'The app reported a problem while signing in. Please try again.',
  flow_issuer_mismatch:
    'The sign-in response did not come from the expected service, so it was refused. Please try again.',
  flow_client_not_configured:
    'This app cannot be connected yet because the platform has not finished setting it up.',
  flow_exchange_failed: 'The app did not accept the sign-in. Please try again.',
  flow_provider_unreachable:
    'Could not reach the app to finish signing in. Please try again in a moment.',
  flow_credential_gone:
    'The connection you were restoring no longer exists. Start connecting again from the app.',
} satisfies Record<string, string | PluralForms>
