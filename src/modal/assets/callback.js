// Runs in the provider's popup once it lands back on Keyport: tells the modal (same origin) and closes.
;(function () {
  var status = document.body.getAttribute('data-status')
  try {
    if (window.opener)
      window.opener.postMessage({ type: 'keyport:oauth', status: status }, location.origin)
  } catch (e) {}
  document.getElementById('kp-close-window').addEventListener('click', function () {
    window.close()
  })
  if (status === 'connected' && window.opener)
    setTimeout(function () {
      window.close()
    }, 400)
})()
