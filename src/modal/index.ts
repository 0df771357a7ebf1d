// The modal: the embed script (/sdk/keyport.js), the modal page (/connect), the OAuth result page, the demo page,
// their one stylesheet, and every user-visible string (strings.ts). Rendering only.
// Must not: touch the database, see a token, or put anything but escaped text into HTML.
export { buildEmbedScripts, type EmbedScripts } from './sdk.js'
export {
  renderModalPage,
  renderCallbackPage,
  renderDemoPage,
  escapeHTML,
  type CallbackOutcome,
} from './pages.js'
export { ASSETS } from './assets.js'
export { STRINGS, FLOW_FAILURES, format } from './strings.js'
