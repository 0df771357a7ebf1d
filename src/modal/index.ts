// The modal: the embed script (/sdk/keyport.js), the modal page (/connect), the OAuth result page, the demo page,
// their one stylesheet, the apps' marks (marks.ts) and every user-visible string, in each language (locales/).
// Rendering only. Must not: touch the database, see a token, or put anything but escaped text into HTML.
export { buildEmbedScripts, type EmbedScripts } from './sdk.js'
export {
  renderModalPage,
  renderCallbackPage,
  renderDemoPage,
  escapeHTML,
  type CallbackOutcome,
} from './pages.js'
export { ASSETS } from './assets.js'
export { STRINGS, DEMO_STRINGS, flowFailure, format } from './strings.js'
export { LOCALES, negotiateLocale, textDirection, type Locale } from './locales/index.js'
export { renderMark, markColor, initials } from './marks.js'
