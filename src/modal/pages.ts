// Server-rendered HTML for the modal page, the OAuth result page and the demo. Text comes from locales/ and is
// escaped here; the scripts are static files (the pages' CSP allows scripts from Keyport's own origin only).
import type { OAuthFlowFailure } from '../credentials/index.js'
import { LOCALES, textDirection, type Locale } from './locales/index.js'
import { DEMO_STRINGS, flowFailure } from './strings.js'

export function escapeHTML(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)
}

/** JSON inside <script type="application/json">: `<` escaped so no string can close the element. */
function jsonBlock(id: string, value: unknown): string {
  return `<script type="application/json" id="${id}">${JSON.stringify(value).replace(/</g, '\\u003c')}</script>`
}

function htmlOpen(locale: Locale): string {
  return `<!doctype html>
<html lang="${locale}" dir="${textDirection(locale)}">`
}

export function renderModalPage(options: { embed: boolean; locale?: Locale }): string {
  const locale = options.locale ?? 'en'
  const S = LOCALES[locale]
  return `${htmlOpen(locale)}
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="same-origin">
<title>${escapeHTML(S.title)}</title>
<link rel="stylesheet" href="/connect/modal.css">
</head>
<body class="${options.embed ? 'kp-embed' : 'kp-hosted'}">
<main class="kp-dialog" id="kp-dialog" aria-labelledby="kp-title">
<div class="kp-head">
<img id="kp-logo" alt="" hidden>
<img id="kp-mark" class="kp-mark" alt="" width="32" height="32" hidden>
<h1 id="kp-title">${escapeHTML(S.loading)}</h1>
<button type="button" class="kp-x" id="kp-close" aria-label="${escapeHTML(S.close)}">×</button>
</div>
<div id="kp-body" aria-live="polite"><p class="kp-muted">${escapeHTML(S.loading)}</p></div>
</main>
${jsonBlock('kp-strings', { locale, strings: S })}
<script src="/connect/modal.js"></script>
</body>
</html>`
}

export type CallbackOutcome = { ok: true } | { ok: false; reason: OAuthFlowFailure }

/** What the provider's popup shows when it lands back on Keyport; its script tells the modal and closes. */
export function renderCallbackPage(outcome: CallbackOutcome, locale: Locale = 'en'): string {
  const S = LOCALES[locale]
  const title = outcome.ok ? S.callbackSuccessTitle : S.callbackErrorTitle
  const text = outcome.ok ? S.callbackSuccessText : flowFailure(outcome.reason, locale)
  return `${htmlOpen(locale)}
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${escapeHTML(title)}</title>
<link rel="stylesheet" href="/connect/modal.css">
</head>
<body data-status="${outcome.ok ? 'connected' : 'failed'}">
<main class="kp-dialog">
<h1>${escapeHTML(title)}</h1>
<p class="${outcome.ok ? 'kp-done' : 'kp-error'}" role="${outcome.ok ? 'status' : 'alert'}">${escapeHTML(text)}</p>
<div class="kp-actions"><button type="button" class="kp-primary" id="kp-close-window">${escapeHTML(S.callbackClose)}</button></div>
</main>
<script src="/oauth/callback.js"></script>
</body>
</html>`
}

export function renderDemoPage(): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHTML(DEMO_STRINGS.demoTitle)}</title>
<link rel="stylesheet" href="/connect/modal.css">
</head>
<body>
<main class="kp-page">
<h1>${escapeHTML(DEMO_STRINGS.demoTitle)}</h1>
<p>${escapeHTML(DEMO_STRINGS.demoIntro)}</p>
<div class="kp-actions"><button type="button" class="kp-primary" id="demo-connect">${escapeHTML(DEMO_STRINGS.demoButton)}</button></div>
<h2>${escapeHTML(DEMO_STRINGS.demoResult)}</h2>
<pre id="demo-result" aria-live="polite">—</pre>
</main>
<script src="/sdk/keyport.js"></script>
<script src="/demo/demo.js"></script>
</body>
</html>`
}
