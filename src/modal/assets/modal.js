// The Keyport modal page's script: app picker → authenticate (form or OAuth popup) → success. Plain DOM, no framework.
// Every text comes from the strings block the server renders in the page's language (src/modal/locales/); the
// platform may override any of them per call (`strings`). Values go in via textContent only.
;(function () {
  'use strict'
  var page = JSON.parse(document.getElementById('kp-strings').textContent)
  var S = page.strings
  var locale = page.locale
  var plurals = new Intl.PluralRules(locale)
  var numbers = new Intl.NumberFormat(locale)
  var embed = new URLSearchParams(location.search).has('embed')
  // Embedded, the page was served with the frame-ancestors of the workspace in its URL (or any origin's, without
  // one): the server accepts only that workspace's tokens (or, without one, those of workspaces that set no list).
  var framedFor = embed ? new URLSearchParams(location.search).get('workspace') || 'none' : null
  var dialog = document.getElementById('kp-dialog')
  var body = document.getElementById('kp-body')
  var titleEl = document.getElementById('kp-title')
  var markEl = document.getElementById('kp-mark')
  var token = null
  var opts = {}
  var parentOrigin = null
  var session = null
  var lastQuery = null
  // After the success screen has shown for this long, the embedded modal closes by itself.
  var SUCCESS_CLOSE_MS = 1600

  /** A string, or the plural form for values.count; `{name}` filled from values. */
  function t(key, values) {
    var entry = S[key]
    if (entry && typeof entry === 'object')
      entry = entry[plurals.select(values && values.count)] || entry.other
    return String(entry == null ? key : entry).replace(/\{(\w+)\}/g, function (_, name) {
      if (!values || values[name] == null) return ''
      return name === 'count' ? numbers.format(values[name]) : values[name]
    })
  }
  /** The platform's own wording (`strings: {…}`): known keys only, plain text, bounded. */
  function overrideStrings(strings) {
    if (!strings || typeof strings !== 'object') return
    Object.keys(S).forEach(function (key) {
      var value = strings[key]
      if (typeof value === 'string' && value.length <= 500) S[key] = value
      else if (value && typeof value === 'object' && typeof value.other === 'string') {
        var forms = {}
        Object.keys(value).forEach(function (c) {
          if (typeof value[c] === 'string' && value[c].length <= 500) forms[c] = value[c]
        })
        S[key] = forms
      }
    })
  }
  function h(tag, attrs) {
    var el = document.createElement(tag)
    for (var k in attrs || {}) {
      var v = attrs[k]
      if (v == null || v === false) continue
      if (k === 'text') el.textContent = v
      else if (k.slice(0, 2) === 'on') el.addEventListener(k.slice(2), v)
      else el.setAttribute(k, v === true ? '' : v)
    }
    for (var i = 2; i < arguments.length; i++) {
      var c = arguments[i]
      if (c == null || c === false) continue
      el.appendChild(typeof c === 'string' ? document.createTextNode(c) : c)
    }
    return el
  }
  function svg(tag, attrs) {
    var el = document.createElementNS('http://www.w3.org/2000/svg', tag)
    for (var k in attrs) el.setAttribute(k, attrs[k])
    for (var i = 2; i < arguments.length; i++) el.appendChild(arguments[i])
    return el
  }
  /** The app's mark beside the title (null: none, on the picker). */
  function setMark(url) {
    markEl.hidden = !url
    if (url) markEl.src = url
    else markEl.removeAttribute('src')
  }
  function show(title) {
    titleEl.textContent = title
    body.replaceChildren.apply(body, Array.prototype.slice.call(arguments, 1))
    // Restarts the entrance animation (none under prefers-reduced-motion: see modal.css).
    body.classList.remove('kp-enter')
    void body.offsetWidth
    body.classList.add('kp-enter')
    var first =
      body.querySelector('[autofocus]') || body.querySelector('input,select,button,a[href]')
    if (first) first.focus()
  }
  /** Placeholder rows the size of what replaces them, so nothing jumps when the answer arrives. */
  function skeleton(rows, className) {
    var list = h('ul', { class: className || 'kp-skeleton', 'aria-hidden': 'true' })
    for (var i = 0; i < rows; i++) list.appendChild(h('li', { class: 'kp-skel' }))
    return list
  }
  function loading() {
    show(t('loading'), h('p', { class: 'kp-sr', role: 'status', text: t('loading') }), skeleton(4))
  }
  function post(message) {
    if (embed && parentOrigin) parent.postMessage(message, parentOrigin)
  }
  // A 429 refused the request before anything happened, so it is sent again after Retry-After (at most 5 s), a
  // few times, before the user sees a message.
  var RATE_LIMIT_RETRIES = 3
  function api(method, path, data, retried) {
    retried = retried || 0
    var init = { method: method, headers: { authorization: 'Bearer ' + token } }
    if (framedFor) init.headers['keyport-frame-workspace'] = framedFor
    if (data) {
      init.headers['content-type'] = 'application/json'
      init.body = JSON.stringify(data)
    }
    return fetch('/connect/api' + path, init).then(
      function (r) {
        if (r.status === 429 && retried < RATE_LIMIT_RETRIES) {
          var seconds = Math.min(Number(r.headers.get('retry-after')) || 1, 5)
          return new Promise(function (resolve) {
            setTimeout(resolve, seconds * 1000)
          }).then(function () {
            return api(method, path, data, retried + 1)
          })
        }
        return r
          .json()
          .catch(function () {
            return null
          })
          .then(function (json) {
            if (r.ok) return json
            var e = new Error((json && json.error && json.error.message) || t('genericError'))
            e.code = json && json.error && json.error.code
            e.fields = (json && json.error && json.error.fields) || []
            e.status = r.status
            if (r.status === 401) e.message = t('sessionExpired')
            if (r.status === 429) e.message = t('tooManyRequests')
            throw e
          })
      },
      function () {
        throw new Error(t('networkError'))
      },
    )
  }
  function fail(error, retry) {
    show(
      t('errorTitle'),
      h('p', { class: 'kp-error', role: 'alert', text: error.message }),
      h(
        'div',
        { class: 'kp-actions' },
        retry &&
          h('button', { type: 'button', class: 'kp-primary', onclick: retry, text: t('tryAgain') }),
      ),
    )
  }
  // Set while the success screen shows: closing it then (×, Escape) still hands the connection over.
  var connected = null
  function close() {
    if (!embed) return
    if (connected) return finish(connected)
    post({ type: 'keyport:close' })
  }
  /** Tells the platform; `connect()` resolves and the iframe goes. */
  function finish(result) {
    connected = null
    post({
      type: 'keyport:done',
      credentialId: result.credentialId,
      app: result.app,
      reused: !!result.reused,
    })
  }
  /** The success screen ("Stripe is connected"), then the result: after a moment or on "Done". */
  function done(result, app) {
    setMark(app.mark || null)
    connected = result
    function now() {
      if (connected === result) finish(result)
    }
    var check = svg(
      'svg',
      { class: 'kp-check', viewBox: '0 0 52 52', 'aria-hidden': 'true' },
      svg('circle', { cx: '26', cy: '26', r: '24' }),
      svg('path', { d: 'M15 27l7 7 15-15' }),
    )
    show(
      t('doneTitle'),
      h(
        'div',
        { class: 'kp-success' },
        check,
        h('p', { class: 'kp-done', role: 'status', text: t('doneText', { app: app.name }) }),
        h('p', { class: 'kp-muted', text: embed ? t('doneClosing') : t('doneHosted') }),
        embed
          ? h('button', {
              type: 'button',
              class: 'kp-primary',
              autofocus: true,
              text: t('doneButton'),
              onclick: now,
            })
          : null,
      ),
    )
    if (embed) setTimeout(now, SUCCESS_CLOSE_MS)
  }
  function applyTheme(theme) {
    if (!theme) return
    if (typeof theme.brandColor === 'string' && /^#[0-9a-f]{3,8}$/i.test(theme.brandColor)) {
      document.documentElement.style.setProperty('--kp-brand', theme.brandColor)
    }
    if (theme.mode === 'dark' || theme.mode === 'light')
      document.documentElement.setAttribute('data-theme', theme.mode)
    if (typeof theme.logoUrl === 'string' && /^https?:\/\//.test(theme.logoUrl)) {
      var logo = document.getElementById('kp-logo')
      logo.src = theme.logoUrl
      logo.hidden = false
    }
  }
  function credentialsOf(app, status) {
    return session.credentials.filter(function (c) {
      return c.app === app && c.status === status
    })
  }
  function activeFor(app) {
    return credentialsOf(app, 'active')
  }

  function start(options) {
    token = options.token
    opts = options
    overrideStrings(options.strings)
    applyTheme(options.theme)
    loading()
    api('GET', '/session').then(
      function (s) {
        session = s
        if (opts.credentialId) {
          var c = s.credentials.filter(function (x) {
            return x.credentialId === opts.credentialId
          })[0]
          if (!c) return fail(new Error(t('genericError')))
          return authenticate(c.app, c)
        }
        if (opts.app) {
          var existing = activeFor(opts.app)
          if (existing.length && !opts.alwaysShowAuthentication) {
            // Nothing to ask: the platform wants this app and the user has it. With allowMultiple, the user picks.
            if (!opts.allowMultiple)
              return finish({ credentialId: existing[0].credentialId, app: opts.app, reused: true })
            return withApp(opts.app, function (app) {
              reuse(app, existing)
            })
          }
          // Only an expired connection: restored in place rather than duplicated (unless several are allowed).
          var expired = credentialsOf(opts.app, 'expired')
          if (expired.length && !opts.allowMultiple) return authenticate(opts.app, expired[0])
          return authenticate(opts.app, null)
        }
        pick('')
      },
      function (e) {
        fail(e)
      },
    )
  }
  /** Loads one app's details (name, mark, fields) and hands them on. */
  function withApp(appId, then) {
    loading()
    api('GET', '/apps/' + encodeURIComponent(appId)).then(then, function (e) {
      fail(e)
    })
  }

  function pick(query) {
    lastQuery = query
    setMark(null)
    var list = h('ul', { class: 'kp-apps', id: 'kp-apps', 'aria-label': t('pickTitle') })
    var count = h('p', { class: 'kp-sr', role: 'status' })
    var input = h('input', {
      type: 'search',
      id: 'kp-search',
      value: query,
      placeholder: t('searchPlaceholder'),
      autocomplete: 'off',
      autofocus: true,
      'aria-controls': 'kp-apps',
    })
    for (var i = 0; i < 8; i++)
      list.appendChild(h('li', { class: 'kp-skel', 'aria-hidden': 'true' }))
    var timer = null
    var asked = 0
    function load() {
      var q = input.value.trim()
      var mine = ++asked
      lastQuery = input.value
      list.setAttribute('aria-busy', 'true')
      api('GET', '/apps?search=' + encodeURIComponent(q)).then(
        function (r) {
          // An older answer arriving after a newer one must not replace it.
          if (mine !== asked) return
          list.removeAttribute('aria-busy')
          list.replaceChildren()
          count.textContent = t('appCount', { count: r.total == null ? r.data.length : r.total })
          if (r.data.length === 0)
            list.appendChild(
              h('li', {
                class: 'kp-muted kp-empty',
                text: q ? t('noResults', { query: q }) : t('noApps'),
              }),
            )
          r.data.forEach(function (a) {
            list.appendChild(h('li', null, appButton(a)))
          })
        },
        function (e) {
          fail(e, function () {
            pick(input.value)
          })
        },
      )
    }
    input.addEventListener('input', function () {
      clearTimeout(timer)
      timer = setTimeout(load, 150)
    })
    // Arrow keys walk the list (Down from the search field enters it, Up from the first app goes back to it);
    // Home and End jump to its ends. Tab still visits every app.
    function walk(event) {
      var apps = Array.prototype.slice.call(list.querySelectorAll('.kp-app'))
      var at = apps.indexOf(document.activeElement)
      var to = { ArrowDown: at + 1, ArrowUp: at - 1, Home: 0, End: apps.length - 1 }[event.key]
      if (to === undefined || apps.length === 0 || (at === -1 && event.key !== 'ArrowDown')) return
      event.preventDefault()
      if (to < 0) input.focus()
      else apps[Math.min(to, apps.length - 1)].focus()
    }
    input.addEventListener('keydown', walk)
    list.addEventListener('keydown', walk)
    show(
      t('pickTitle'),
      h('label', { for: 'kp-search', class: 'kp-label kp-sr', text: t('searchLabel') }),
      h('div', { class: 'kp-search' }, input),
      count,
      list,
    )
    load()
  }
  function appButton(a) {
    var active = activeFor(a.app)
    var expired = credentialsOf(a.app, 'expired')
    var badge = active.length
      ? h('span', {
          class: 'kp-badge',
          text:
            active.length > 1 ? t('accountsBadge', { count: active.length }) : t('connectedBadge'),
        })
      : expired.length
        ? h('span', { class: 'kp-badge kp-warn', text: t('expiredBadge') })
        : null
    return h(
      'button',
      {
        type: 'button',
        class: 'kp-app',
        'data-app': a.app,
        onclick: function () {
          if (active.length) reuse(a, active)
          // An expired connection is restored in place (same id) rather than duplicated.
          else if (expired.length && !opts.allowMultiple) authenticate(a.app, expired[0])
          else authenticate(a.app, null)
        },
      },
      h('img', { src: a.mark, alt: '', width: 32, height: 32, class: 'kp-mark' }),
      h('span', { class: 'kp-app-name', text: a.name }),
      badge,
    )
  }

  /** How one connection is told apart from another: its public values (shop, account), else the app's name. */
  function accountLabel(app, credential) {
    var name = credential.name || ''
    // "Shopify – mystore" under a Shopify heading says "mystore".
    if (name.indexOf(app.name + ' – ') === 0) name = name.slice(app.name.length + 3)
    if (name && name !== app.name) return name
    var values = Object.keys(credential.metadata || {})
      .map(function (k) {
        return credential.metadata[k]
      })
      .filter(function (v) {
        return typeof v === 'string' && v
      })
    return values.slice(0, 2).join(' · ') || app.name
  }
  function connectedOn(credential) {
    var date = new Date(credential.createdAt)
    if (isNaN(date)) return ''
    return t('connectedOn', {
      date: new Intl.DateTimeFormat(locale, { dateStyle: 'medium' }).format(date),
    })
  }
  function backButton() {
    return lastQuery === null || opts.app
      ? null
      : h('button', {
          type: 'button',
          class: 'kp-secondary',
          text: t('back'),
          onclick: function () {
            pick(lastQuery)
          },
        })
  }

  /** The user has this app already: reuse it, or (allowMultiple) choose among several or add another. */
  function reuse(app, existing) {
    setMark(app.mark)
    if (!opts.allowMultiple) {
      var only = existing[0]
      return show(
        t('reuseTitle'),
        h('p', { text: t('reuseOne', { app: app.name }) }),
        h(
          'div',
          { class: 'kp-account' },
          h('strong', { text: accountLabel(app, only) }),
          h('span', { class: 'kp-muted', text: connectedOn(only) }),
        ),
        h(
          'div',
          { class: 'kp-actions' },
          h('button', {
            type: 'button',
            class: 'kp-primary',
            autofocus: true,
            text: t('reuseUse'),
            onclick: function () {
              done({ credentialId: only.credentialId, app: only.app, reused: true }, app)
            },
          }),
          h('button', {
            type: 'button',
            class: 'kp-secondary',
            text: t('reuseUpdate'),
            onclick: function () {
              authenticate(app.app, only)
            },
          }),
          backButton(),
        ),
      )
    }
    var choices = h('ul', { class: 'kp-choices', 'aria-label': t('reuseTitle') })
    existing.forEach(function (c) {
      choices.appendChild(
        h(
          'li',
          null,
          h(
            'button',
            {
              type: 'button',
              class: 'kp-choice',
              'data-credential': c.credentialId,
              onclick: function () {
                done({ credentialId: c.credentialId, app: c.app, reused: true }, app)
              },
            },
            h('img', { src: app.mark, alt: '', width: 32, height: 32, class: 'kp-mark' }),
            h(
              'span',
              { class: 'kp-choice-text' },
              h('strong', { text: accountLabel(app, c) }),
              h('span', { class: 'kp-muted', text: connectedOn(c) }),
            ),
          ),
        ),
      )
    })
    show(
      t('reuseTitle'),
      h('p', { text: t('reuseMany', { app: app.name, count: existing.length }) }),
      choices,
      h(
        'div',
        { class: 'kp-actions' },
        h('button', {
          type: 'button',
          class: 'kp-secondary',
          text: t('reuseAnother'),
          onclick: function () {
            authenticate(app.app, null)
          },
        }),
        backButton(),
      ),
    )
  }

  function fieldInput(f, value) {
    var id = 'kp-f-' + f.name
    var control = f.options
      ? h('select', { id: id, name: f.name, required: f.required })
      : f.multiline
        ? h('textarea', {
            id: id,
            name: f.name,
            rows: '6',
            required: f.required,
            placeholder: f.placeholder,
            autocomplete: 'off',
            spellcheck: 'false',
            'aria-describedby': id + '-help ' + id + '-err',
          })
        : h('input', {
            id: id,
            name: f.name,
            type: f.secret ? 'password' : 'text',
            required: f.required,
            placeholder: f.placeholder,
            autocomplete: f.secret ? 'off' : 'on',
            spellcheck: 'false',
            dir: 'auto',
            'aria-describedby': id + '-help ' + id + '-err',
          })
    if (f.options)
      f.options.forEach(function (o) {
        control.appendChild(h('option', { value: o, text: o }))
      })
    if (value != null) control.value = value
    else if (f.default != null) control.value = f.default
    var error = h('p', { id: id + '-err', class: 'kp-field-error', role: 'alert' })
    // Editing a field takes its old complaint away at once.
    control.addEventListener('input', function () {
      error.textContent = ''
      control.removeAttribute('aria-invalid')
    })
    // Keys copied from a dashboard often carry a space or a line break at either end.
    if (!f.options)
      control.addEventListener('paste', function (event) {
        var text = event.clipboardData && event.clipboardData.getData('text')
        if (!text || text.trim() === text) return
        event.preventDefault()
        control.setRangeText(text.trim(), control.selectionStart, control.selectionEnd, 'end')
        control.dispatchEvent(new Event('input', { bubbles: true }))
      })
    // A PEM key or a JSON key file may also be picked from disk; it is read here, never uploaded as a file.
    var picker = f.multiline
      ? h('input', {
          type: 'file',
          class: 'kp-file',
          accept: '.json,.pem,.key,.txt',
          'aria-label': f.displayName,
          onchange: function () {
            var file = this.files && this.files[0]
            if (!file || file.size > 8192) return
            file.text().then(function (text) {
              control.value = text.trim()
              control.dispatchEvent(new Event('input', { bubbles: true }))
            })
          },
        })
      : null
    var toggle =
      f.secret && !f.multiline
        ? h('button', {
            type: 'button',
            class: 'kp-toggle',
            'aria-controls': id,
            'aria-pressed': 'false',
            text: t('showSecret'),
            onclick: function () {
              var hidden = control.type === 'password'
              control.type = hidden ? 'text' : 'password'
              this.textContent = hidden ? t('hideSecret') : t('showSecret')
              this.setAttribute('aria-pressed', String(hidden))
            },
          })
        : null
    return h(
      'div',
      { class: 'kp-field' },
      h(
        'label',
        { for: id, class: 'kp-label' },
        f.displayName,
        f.required ? h('span', { class: 'kp-req', 'aria-hidden': 'true', text: ' *' }) : null,
      ),
      h('p', { id: id + '-help', class: 'kp-help', text: f.description || '' }),
      h('div', { class: 'kp-control' }, control, toggle),
      picker,
      error,
    )
  }
  function readFields(form, fields) {
    var data = {}
    fields.forEach(function (f) {
      var v = form.elements[f.name].value
      if (v !== '') data[f.name] = v
    })
    return data
  }
  function clearErrors(form) {
    form.querySelectorAll('.kp-field-error,.kp-form-error').forEach(function (p) {
      p.textContent = ''
    })
    form.querySelectorAll('[aria-invalid]').forEach(function (el) {
      el.removeAttribute('aria-invalid')
    })
  }
  /** Field problems beside their fields (focus on the first); anything else in the form's summary line. */
  function showErrors(form, problems, message) {
    clearErrors(form)
    var first = null
    problems.forEach(function (p) {
      var el = form.elements[p.field]
      if (!el) return
      el.setAttribute('aria-invalid', 'true')
      document.getElementById('kp-f-' + p.field + '-err').textContent = p.message
      first = first || el
    })
    var summary = form.querySelector('.kp-form-error')
    summary.textContent = first ? '' : message
    ;(first || summary).focus()
  }
  function errorMessage(e, app) {
    if (e.code === 'credential_verification_failed')
      return t('verificationFailed', { app: app.name })
    if (e.code === 'verification_unavailable')
      return t('verificationUnavailable', { app: app.name })
    if (e.code === 'oauth_client_not_configured') return t('notConfigured', { app: app.name })
    return e.message
  }

  function authenticate(appId, reconnecting) {
    withApp(appId, function (app) {
      setMark(app.mark)
      var heading = reconnecting
        ? t('reconnectTitle', { app: app.name })
        : t('authTitle', { app: app.name })
      if (app.isOauth && !app.oauthClientConfigured)
        return show(
          heading,
          h('p', {
            class: 'kp-notice',
            role: 'status',
            text: t('notConfigured', { app: app.name }),
          }),
          h('div', { class: 'kp-actions' }, backButton()),
        )
      var meta = (reconnecting && reconnecting.metadata) || {}
      var form = h(
        'form',
        { class: 'kp-form', novalidate: true },
        h('p', {
          class: 'kp-intro',
          text: reconnecting
            ? t('reconnectIntro', { app: app.name })
            : app.isOauth
              ? t('oauthIntro', { app: app.name })
              : t('keyIntro', { app: app.name }),
        }),
      )
      app.fields.forEach(function (f) {
        form.appendChild(fieldInput(f, meta[f.name]))
      })
      form.appendChild(h('p', { class: 'kp-form-error', role: 'alert', tabindex: '-1' }))
      var submit = h(
        'button',
        { type: 'submit', class: 'kp-primary' },
        h('span', { class: 'kp-spinner', 'aria-hidden': 'true' }),
        h('span', {
          class: 'kp-submit-text',
          text: app.isOauth ? t('oauthButton', { app: app.name }) : t('submitKey'),
        }),
      )
      var submitText = submit.lastChild
      form.appendChild(
        h(
          'div',
          { class: 'kp-actions' },
          submit,
          backButton(),
          // Only where there is something to type: an OAuth app without fields asks for nothing to find.
          app.docsUrl && app.fields.length
            ? h('a', {
                href: app.docsUrl,
                target: '_blank',
                rel: 'noopener noreferrer',
                class: 'kp-link',
                text: t('docsLink'),
              })
            : null,
        ),
      )
      form.addEventListener('submit', function (event) {
        event.preventDefault()
        // Old complaints go before anything else happens, so none is on screen while "Checking with…" runs.
        clearErrors(form)
        var missing = app.fields
          .filter(function (f) {
            return f.required && form.elements[f.name].value.trim() === '' && f.default == null
          })
          .map(function (f) {
            return { field: f.name, message: t('fieldRequired') }
          })
        if (missing.length) return showErrors(form, missing, '')
        var data = readFields(form, app.fields)
        if (app.isOauth) return oauth(app, data, reconnecting, form)
        // The button keeps its width while it says "Checking with…", so the row does not jump.
        submit.style.minWidth = submit.offsetWidth + 'px'
        submit.disabled = true
        form.setAttribute('aria-busy', 'true')
        submitText.textContent = t('submitting', { app: app.name })
        var call = reconnecting
          ? api(
              'POST',
              '/credentials/' + encodeURIComponent(reconnecting.credentialId) + '/reconnect',
              { data: data },
            )
          : api('POST', '/credentials', { app: app.app, data: data })
        call.then(
          function (r) {
            done({ credentialId: r.credentialId, app: r.app, reused: false }, app)
          },
          function (e) {
            submit.disabled = false
            form.removeAttribute('aria-busy')
            submitText.textContent = t('submitKey')
            showErrors(form, e.fields || [], errorMessage(e, app))
          },
        )
      })
      show(heading, form)
    })
  }

  function oauth(app, data, reconnecting, form) {
    // Opened now, inside the click, or popup blockers refuse it; the provider page loads once the flow exists.
    var popup = window.open('', 'keyport_oauth', 'popup,width=520,height=720')
    var request = { app: app.app, fields: data }
    if (reconnecting) request.credentialId = reconnecting.credentialId
    api('POST', '/oauth/start', request).then(
      function (flow) {
        var launcher = h(
          'form',
          {
            method: 'post',
            action: '/oauth/start',
            target: popup ? 'keyport_oauth' : '_blank',
            hidden: true,
          },
          h('input', { type: 'hidden', name: 'state', value: flow.state }),
        )
        document.body.appendChild(launcher)
        if (popup) {
          launcher.submit()
          wait(app, flow.state, popup, reconnecting)
        } else {
          show(
            t('authTitle', { app: app.name }),
            h('p', { class: 'kp-error', role: 'alert', text: t('oauthPopupBlocked') }),
            h(
              'div',
              { class: 'kp-actions' },
              h('button', {
                type: 'button',
                class: 'kp-primary',
                autofocus: true,
                text: t('oauthContinueInTab'),
                onclick: function () {
                  launcher.submit()
                  wait(app, flow.state, null, reconnecting)
                },
              }),
            ),
          )
        }
      },
      function (e) {
        if (popup) popup.close()
        showErrors(form, e.fields || [], errorMessage(e, app))
      },
    )
  }

  function wait(app, state, popup, reconnecting) {
    show(
      t('authTitle', { app: app.name }),
      h(
        'div',
        { class: 'kp-waiting' },
        h('span', { class: 'kp-spinner kp-big', 'aria-hidden': 'true' }),
        h('p', { class: 'kp-muted', role: 'status', text: t('oauthWaiting', { app: app.name }) }),
      ),
    )
    var finished = false
    var closedChecks = 0
    function again() {
      authenticate(app.app, reconnecting)
    }
    function check() {
      if (finished) return
      api('POST', '/oauth/status', { state: state }).then(
        function (r) {
          if (finished) return
          if (r.status === 'connected') {
            finished = true
            cleanup()
            return done({ credentialId: r.credentialId, app: r.app, reused: false }, app)
          }
          if (r.status === 'failed') {
            finished = true
            cleanup()
            var message = S['flow_' + r.reason] ? t('flow_' + r.reason) : r.message
            return fail(new Error(message), again)
          }
          if (popup && popup.closed && ++closedChecks > 2) {
            finished = true
            cleanup()
            return fail(new Error(t('oauthWindowClosed')), again)
          }
        },
        function () {},
      )
    }
    function onMessage(event) {
      if (
        event.origin === location.origin &&
        popup &&
        event.source === popup &&
        event.data &&
        event.data.type === 'keyport:oauth'
      )
        check()
    }
    var timer = setInterval(check, 1000)
    window.addEventListener('message', onMessage)
    function cleanup() {
      clearInterval(timer)
      window.removeEventListener('message', onMessage)
    }
  }

  document.getElementById('kp-close').addEventListener('click', close)
  document.addEventListener('keydown', function (event) {
    if (event.key === 'Escape') return close()
    if (event.key !== 'Tab') return
    // Focus trap inside the dialog.
    // Only what can take focus now: the hosted page hides the close button, and a hidden first or last item would
    // let Tab escape the dialog.
    var items = Array.prototype.filter.call(
      dialog.querySelectorAll(
        'a[href],button:not([disabled]),input:not([type=hidden]),select,textarea,[tabindex="0"]',
      ),
      function (el) {
        return el.getClientRects().length > 0
      },
    )
    if (items.length === 0) return
    var first = items[0]
    var last = items[items.length - 1]
    if (event.shiftKey && document.activeElement === first) {
      event.preventDefault()
      last.focus()
    } else if (!event.shiftKey && document.activeElement === last) {
      event.preventDefault()
      first.focus()
    }
  })

  if (embed) {
    window.addEventListener('message', function (event) {
      // Only the page that framed us, and only once: it hands over the token.
      if (event.source !== parent || token || !event.data || event.data.type !== 'keyport:init')
        return
      if (typeof event.data.token !== 'string') return
      parentOrigin = event.origin
      start(event.data)
    })
    parent.postMessage({ type: 'keyport:ready' }, '*')
  } else {
    var params = new URLSearchParams(location.hash.slice(1))
    // The token travelled in the fragment (never sent to a server); drop it from the address bar and history.
    history.replaceState(null, '', location.pathname + location.search)
    document.getElementById('kp-close').hidden = true
    if (!params.get('token')) fail(new Error(t('sessionExpired')))
    else
      start({
        token: params.get('token'),
        app: params.get('app'),
        credentialId: params.get('credentialId'),
        alwaysShowAuthentication: params.get('alwaysShowAuthentication') === 'true',
        allowMultiple: params.get('allowMultiple') === 'true',
      })
  }
})()
