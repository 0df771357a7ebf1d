// Runs in the provider's popup once it lands back on Keyport: tells the modal (same origin) and closes.
import type { OAuthResultMessage } from './messages.js'

const status = document.body.getAttribute('data-status') as OAuthResultMessage['status']
try {
  const message: OAuthResultMessage = { type: 'keyport:oauth', status }
  if (window.opener) (window.opener as Window).postMessage(message, location.origin)
} catch {
  // The opener navigated away: the modal learns the outcome when it asks the API.
}
document.getElementById('kp-close-window')?.addEventListener('click', () => window.close())
if (status === 'connected' && window.opener) setTimeout(() => window.close(), 400)
