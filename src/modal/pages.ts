// Server-rendered HTML for the modal page, the OAuth result page and the demo. Text comes from strings.ts and is
// escaped here; the scripts are static files (the pages' CSP allows scripts from Keyport's own origin only).
import { FLOW_FAILURES, STRINGS } from './strings.js'
import type { OAuthFlowFailure } from '../credentials/index.js'

export function escapeHTML(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)
}

/** JSON inside <script type="application/json">: `<` escaped so no string can close the element. */
function jsonBlock(id: string, value: unknown): string {
  return `<script type="application/json" id="${id}">${JSON.stringify(value).replace(/</g, '\\u003c')}</script>`
}

export function renderModalPage(options: { embed: boolean }): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="same-origin">
<title>${escapeHTML(STRINGS.title)}</title>
<link rel="stylesheet" href="/connect/modal.css">
</head>
<body class="${options.embed ? 'kp-embed' : 'kp-hosted'}">
<main class="kp-dialog" id="kp-dialog" aria-labelledby="kp-title">
<div class="kp-head">
<img id="kp-logo" alt="" hidden>
<h1 id="kp-title">${escapeHTML(STRINGS.loading)}</h1>
<button type="button" class="kp-x" id="kp-close" aria-label="${escapeHTML(STRINGS.close)}">×</button>
</div>
<div id="kp-body" aria-live="polite"><p class="kp-muted">${escapeHTML(STRINGS.loading)}</p></div>
</main>
${jsonBlock('kp-strings', STRINGS)}
<script src="/connect/modal.js"></script>
</body>
</html>`
}

export type CallbackOutcome = { ok: true } | { ok: false; reason: OAuthFlowFailure }

/** What the provider's popup shows when it lands back on Keyport; its script tells the modal and closes. */
export function renderCallbackPage(outcome: CallbackOutcome): string {
  const title = outcome.ok ? STRINGS.callbackSuccessTitle : STRINGS.callbackErrorTitle
  const text = outcome.ok ? STRINGS.callbackSuccessText : FLOW_FAILURES[outcome.reason]
  return `<!doctype html>
<html lang="en">
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
<div class="kp-actions"><button type="button" class="kp-primary" id="kp-close-window">${escapeHTML(STRINGS.callbackClose)}</button></div>
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
<title>${escapeHTML(STRINGS.demoTitle)}</title>
<link rel="stylesheet" href="/connect/modal.css">
</head>
<body>
<main class="kp-page">
<h1>${escapeHTML(STRINGS.demoTitle)}</h1>
<p>${escapeHTML(STRINGS.demoIntro)}</p>
<div class="kp-actions"><button type="button" class="kp-primary" id="demo-connect">${escapeHTML(STRINGS.demoButton)}</button></div>
<h2>${escapeHTML(STRINGS.demoResult)}</h2>
<pre id="demo-result" aria-live="polite">—</pre>
</main>
<script src="/sdk/keyport.js"></script>
<script src="/demo/demo.js"></script>
</body>
</html>`
}
