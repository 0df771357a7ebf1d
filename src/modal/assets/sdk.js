// Keyport embed script. Keyport.connect({token, app?, credentialId?, alwaysShowAuthentication?, allowMultiple?,
// locale?, strings?, theme?}) opens the Keyport modal in a full-screen iframe and resolves {credentialId, app, reused}.
var KEYPORT_ORIGIN = '__KEYPORT_ORIGIN__'
var current = null

function KeyportError(code, message) {
  var e = new Error(message || code)
  e.name = 'KeyportError'
  e.code = code
  return e
}

function connect(options) {
  return new Promise(function (resolve, reject) {
    if (!options || typeof options.token !== 'string')
      return reject(KeyportError('invalid_options', 'token is required'))
    if (current) return reject(KeyportError('already_open', 'The Keyport modal is already open'))
    var doc = document
    var previousFocus = doc.activeElement
    var overlay = doc.createElement('div')
    overlay.setAttribute('role', 'dialog')
    overlay.setAttribute('aria-modal', 'true')
    overlay.setAttribute('aria-label', 'Connect an app')
    overlay.style.cssText =
      'position:fixed;inset:0;z-index:2147483647;background:rgba(15,23,42,.55);'
    var frame = doc.createElement('iframe')
    var theme = options.theme || {}
    // The page is rendered in this language; without it, in the browser's.
    var locale = /^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{1,8}){0,3}$/.test(options.locale || '')
      ? '&locale=' + options.locale
      : ''
    // The token's workspace (its non-secret suffix) picks the origins allowed to frame the modal; the page then
    // refuses a token of any other workspace.
    var workspace = /\.(ws_[0-9a-z]{26})$/.exec(options.token)
    frame.src =
      KEYPORT_ORIGIN + '/connect?embed=1' + locale + (workspace ? '&workspace=' + workspace[1] : '')
    frame.title = 'Connect an app'
    frame.setAttribute('allow', 'clipboard-write')
    // The iframe's colour scheme must be the modal's: when they differ, browsers paint the frame opaque, and the
    // platform's page disappears behind a dark sheet instead of a translucent one.
    frame.style.cssText =
      'border:0;width:100%;height:100%;background:transparent;color-scheme:' +
      (theme.mode === 'dark' || theme.mode === 'light' ? theme.mode : 'light dark') +
      ';'
    overlay.appendChild(frame)
    var bodyOverflow = doc.body.style.overflow
    doc.body.style.overflow = 'hidden'
    doc.body.appendChild(overlay)
    var sent = false
    current = { frame: frame }

    function finish(error, result) {
      window.removeEventListener('message', onMessage)
      doc.removeEventListener('keydown', onKey, true)
      doc.removeEventListener('focusin', onFocus, true)
      if (overlay.parentNode) overlay.parentNode.removeChild(overlay)
      doc.body.style.overflow = bodyOverflow
      current = null
      if (previousFocus && previousFocus.focus) previousFocus.focus()
      if (error) reject(error)
      else resolve(result)
    }
    function onMessage(event) {
      // Only the Keyport page inside our own iframe may speak to us.
      if (event.origin !== KEYPORT_ORIGIN || event.source !== frame.contentWindow) return
      var data = event.data
      if (!data || typeof data.type !== 'string') return
      if (data.type === 'keyport:ready' && !sent) {
        sent = true
        frame.contentWindow.postMessage(
          {
            type: 'keyport:init',
            token: options.token,
            app: options.app || null,
            credentialId: options.credentialId || null,
            alwaysShowAuthentication: !!options.alwaysShowAuthentication,
            allowMultiple: !!options.allowMultiple,
            strings: options.strings || null,
            theme: options.theme || null,
          },
          KEYPORT_ORIGIN,
        )
        frame.focus()
      } else if (data.type === 'keyport:done') {
        finish(null, {
          credentialId: String(data.credentialId),
          app: String(data.app),
          reused: !!data.reused,
        })
      } else if (data.type === 'keyport:close') {
        finish(KeyportError('closed', 'The user closed the Keyport modal'))
      } else if (data.type === 'keyport:error') {
        finish(KeyportError(String(data.code || 'error'), String(data.message || 'Keyport failed')))
      }
    }
    function onKey(event) {
      if (event.key === 'Escape')
        finish(KeyportError('closed', 'The user closed the Keyport modal'))
    }
    function onFocus(event) {
      // Focus trap: while open, focus belongs to the modal.
      if (!overlay.contains(event.target)) frame.focus()
    }
    window.addEventListener('message', onMessage)
    doc.addEventListener('keydown', onKey, true)
    doc.addEventListener('focusin', onFocus, true)
    frame.focus()
  })
}

var Keyport = { connect: connect, origin: KEYPORT_ORIGIN }
