// The Keyport modal page's script: app picker → authenticate (form or OAuth popup) → done. Plain DOM, no framework.
// Every text comes from the strings block the server renders (src/modal/strings.ts); values go in via textContent.
;(function () {
  'use strict'
  var S = JSON.parse(document.getElementById('kp-strings').textContent)
  var embed = new URLSearchParams(location.search).has('embed')
  var dialog = document.getElementById('kp-dialog')
  var body = document.getElementById('kp-body')
  var titleEl = document.getElementById('kp-title')
  var token = null
  var opts = {}
  var parentOrigin = null
  var session = null

  function t(key, values) {
    return String(S[key] || key).replace(/\{(\w+)\}/g, function (_, name) {
      return values && values[name] != null ? values[name] : ''
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
  function show(title) {
    titleEl.textContent = title
    body.replaceChildren.apply(body, Array.prototype.slice.call(arguments, 1))
    var first =
      body.querySelector('[autofocus]') || body.querySelector('input,select,button,a[href]')
    if (first) first.focus()
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
  function close() {
    if (embed) post({ type: 'keyport:close' })
  }
  function done(result, appName) {
    show(
      t('doneTitle'),
      h('p', { class: 'kp-done', role: 'status', text: t('doneText', { app: appName }) }),
    )
    post({
      type: 'keyport:done',
      credentialId: result.credentialId,
      app: result.app,
      reused: !!result.reused,
    })
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
  function appName(id) {
    return (session.appNames && session.appNames[id]) || id
  }

  function start(options) {
    token = options.token
    opts = options
    applyTheme(options.theme)
    show(t('loading'), h('p', { class: 'kp-muted', text: t('loading') }))
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
          if (existing && !opts.alwaysShowAuthentication) {
            return done(
              { credentialId: existing.credentialId, app: existing.app, reused: true },
              existing.name,
            )
          }
          return authenticate(opts.app, null)
        }
        pick('')
      },
      function (e) {
        fail(e)
      },
    )
  }
  function activeFor(app) {
    return (
      session.credentials.filter(function (c) {
        return c.app === app && c.status === 'active'
      })[0] || null
    )
  }

  function pick(query) {
    var list = h('ul', { class: 'kp-apps', id: 'kp-apps', 'aria-label': t('pickTitle') })
    var input = h('input', {
      type: 'search',
      id: 'kp-search',
      value: query,
      placeholder: t('searchPlaceholder'),
      autocomplete: 'off',
      autofocus: true,
      'aria-controls': 'kp-apps',
    })
    var timer = null
    function load() {
      var q = input.value.trim()
      api('GET', '/apps?search=' + encodeURIComponent(q)).then(
        function (r) {
          list.replaceChildren()
          if (r.data.length === 0)
            list.appendChild(h('li', { class: 'kp-muted', text: t('noResults', { query: q }) }))
          r.data.forEach(function (a) {
            var existing = activeFor(a.app)
            var expired =
              !existing &&
              session.credentials.some(function (c) {
                return c.app === a.app && c.status === 'expired'
              })
            list.appendChild(
              h(
                'li',
                null,
                h(
                  'button',
                  {
                    type: 'button',
                    class: 'kp-app',
                    'data-app': a.app,
                    onclick: function () {
                      existing ? reuse(a, existing) : authenticate(a.app, null)
                    },
                  },
                  a.icon
                    ? h('img', { src: a.icon, alt: '', width: 24, height: 24 })
                    : h('span', {
                        class: 'kp-icon',
                        'aria-hidden': 'true',
                        text: a.name.charAt(0),
                      }),
                  h('span', { class: 'kp-app-name', text: a.name }),
                  existing
                    ? h('span', { class: 'kp-badge', text: t('connectedBadge') })
                    : expired
                      ? h('span', { class: 'kp-badge kp-warn', text: t('expiredBadge') })
                      : null,
                ),
              ),
            )
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
      h('label', { for: 'kp-search', class: 'kp-label', text: t('searchLabel') }),
      input,
      list,
    )
    load()
  }

  function reuse(app, existing) {
    show(
      t('reuseTitle'),
      h('p', { text: t('reuseText', { app: app.name, name: existing.name }) }),
      h(
        'div',
        { class: 'kp-actions' },
        h('button', {
          type: 'button',
          class: 'kp-primary',
          autofocus: true,
          text: t('reuseUse'),
          onclick: function () {
            done({ credentialId: existing.credentialId, app: existing.app, reused: true }, app.name)
          },
        }),
        h('button', {
          type: 'button',
          class: 'kp-secondary',
          text: t('reuseAnother'),
          onclick: function () {
            authenticate(app.app, null)
          },
        }),
      ),
    )
  }

  function fieldInput(f, value) {
    var id = 'kp-f-' + f.name
    var control = f.options
      ? h('select', { id: id, name: f.name, required: f.required })
      : h('input', {
          id: id,
          name: f.name,
          type: f.secret ? 'password' : 'text',
          required: f.required,
          placeholder: f.placeholder,
          autocomplete: f.secret ? 'off' : 'on',
          spellcheck: 'false',
          'aria-describedby': id + '-help ' + id + '-err',
        })
    if (f.options)
      f.options.forEach(function (o) {
        control.appendChild(h('option', { value: o, text: o }))
      })
    if (value != null) control.value = value
    else if (f.default != null) control.value = f.default
    var toggle = f.secret
      ? h('button', {
          type: 'button',
          class: 'kp-toggle',
          'aria-controls': id,
          text: t('showSecret'),
          onclick: function () {
            var hidden = control.type === 'password'
            control.type = hidden ? 'text' : 'password'
            this.textContent = hidden ? t('hideSecret') : t('showSecret')
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
      h('div', { class: 'kp-control' }, control, toggle),
      h('p', { id: id + '-help', class: 'kp-help', text: f.description || '' }),
      h('p', { id: id + '-err', class: 'kp-field-error', role: 'alert' }),
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
  function showFieldErrors(form, error) {
    form.querySelectorAll('.kp-field-error').forEach(function (p) {
      p.textContent = ''
    })
    form.querySelectorAll('[aria-invalid]').forEach(function (el) {
      el.removeAttribute('aria-invalid')
    })
    var first = null
    ;(error.fields || []).forEach(function (p) {
      var el = form.elements[p.field]
      if (!el) return
      el.setAttribute('aria-invalid', 'true')
      document.getElementById('kp-f-' + p.field + '-err').textContent = p.message
      first = first || el
    })
    var summary = form.querySelector('.kp-form-error')
    // Field problems show beside their fields; the summary is for everything else (verification, network).
    summary.textContent = first ? '' : error.message
    ;(first || summary).focus()
  }

  function authenticate(appId, reconnecting) {
    show(t('loading'), h('p', { class: 'kp-muted', text: t('loading') }))
    api('GET', '/apps/' + encodeURIComponent(appId)).then(
      function (app) {
        var heading = reconnecting
          ? t('reconnectTitle', { app: app.name })
          : t('authTitle', { app: app.name })
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
        var submit = h('button', {
          type: 'submit',
          class: 'kp-primary',
          text: app.isOauth ? t('oauthButton', { app: app.name }) : t('submitKey'),
        })
        form.appendChild(
          h(
            'div',
            { class: 'kp-actions' },
            submit,
            app.docsUrl
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
          var data = readFields(form, app.fields)
          if (app.isOauth) return oauth(app, data, reconnecting, form)
          submit.disabled = true
          submit.textContent = t('submitting', { app: app.name })
          var call = reconnecting
            ? api(
                'POST',
                '/credentials/' + encodeURIComponent(reconnecting.credentialId) + '/reconnect',
                { data: data },
              )
            : api('POST', '/credentials', { app: app.app, data: data })
          call.then(
            function (r) {
              done({ credentialId: r.credentialId, app: r.app, reused: false }, app.name)
            },
            function (e) {
              submit.disabled = false
              submit.textContent = t('submitKey')
              showFieldErrors(form, e)
            },
          )
        })
        show(heading, form)
      },
      function (e) {
        fail(e)
      },
    )
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
          wait(app, flow.state, popup)
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
                  wait(app, flow.state, null)
                },
              }),
            ),
          )
        }
      },
      function (e) {
        if (popup) popup.close()
        showFieldErrors(form, e)
      },
    )
  }

  function wait(app, state, popup) {
    show(
      t('authTitle', { app: app.name }),
      h('p', { class: 'kp-muted', role: 'status', text: t('oauthWaiting', { app: app.name }) }),
    )
    var finished = false
    var closedChecks = 0
    function check() {
      if (finished) return
      api('POST', '/oauth/status', { state: state }).then(
        function (r) {
          if (finished) return
          if (r.status === 'connected') {
            finished = true
            cleanup()
            return done({ credentialId: r.credentialId, app: r.app, reused: false }, app.name)
          }
          if (r.status === 'failed') {
            finished = true
            cleanup()
            return fail(new Error(r.message), function () {
              authenticate(app.app, null)
            })
          }
          if (popup && popup.closed && ++closedChecks > 2) {
            finished = true
            cleanup()
            return fail(new Error(t('oauthWindowClosed')), function () {
              authenticate(app.app, null)
            })
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
      })
  }
})()
