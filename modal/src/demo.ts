// The demo "platform": its backend (here, Keyport's /demo/token) mints a connect token; its frontend opens the modal
// with the embed script (window.Keyport, sdk-classic.ts), loaded before this one.
import type { DemoToken } from './connect-api-types.js'
import type { KeyportError } from './sdk.js'

const out = document.getElementById('demo-result') as HTMLElement
document.getElementById('demo-connect')?.addEventListener('click', () => {
  // Clear the last result, so what shows next is this connection's.
  out.textContent = 'Connecting…'
  fetch('/demo/token', { method: 'POST' })
    .then((response) => response.json() as Promise<DemoToken>)
    .then((body) => window.Keyport.connect({ token: body.token }))
    .then((result) => {
      out.textContent = JSON.stringify(result, null, 2)
    })
    .catch((error: KeyportError) => {
      out.textContent = 'Closed: ' + (error.code || error.message)
    })
})
