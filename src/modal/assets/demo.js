// The demo "platform": its backend (here, Keyport's /demo/token) mints a connect token; its frontend opens the modal.
;(function () {
  var out = document.getElementById('demo-result')
  document.getElementById('demo-connect').addEventListener('click', function () {
    // Clear the last result, so what shows next is this connection's.
    out.textContent = 'Connecting…'
    fetch('/demo/token', { method: 'POST' })
      .then(function (r) {
        return r.json()
      })
      .then(function (body) {
        return Keyport.connect({ token: body.token })
      })
      .then(function (result) {
        out.textContent = JSON.stringify(result, null, 2)
      })
      .catch(function (error) {
        out.textContent = 'Closed: ' + (error.code || error.message)
      })
  })
})()
